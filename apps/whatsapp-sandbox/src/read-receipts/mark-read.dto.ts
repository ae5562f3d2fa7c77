import { Type } from 'class-transformer';
import { Equals, IsObject, IsOptional, IsString, MinLength, ValidateNested } from 'class-validator';

export class TypingIndicatorDto {
  @Equals('text', { message: 'must be "text"' })
  type: 'text';
}

/**
 * The status update body of `POST /{version}/{phone-number-id}/messages`: marks a received message read, and with
 * `typing_indicator` shows the customer that a reply is being typed (Meta's OpenAPI description,
 * MarkMessageRequestPayload and its "Send typing indicator and read receipt" example).
 */
export class MarkReadRequestDto {
  @Equals('whatsapp', { message: 'must be "whatsapp"' })
  messaging_product: 'whatsapp';

  @Equals('read', { message: 'must be "read"' })
  status: 'read';

  @IsString({ message: 'must be a string (required): the id of the message to mark read' })
  @MinLength(1, { message: 'must not be empty' })
  message_id: string;

  @IsOptional()
  @IsObject({ message: 'must be an object such as {"type":"text"}' })
  @ValidateNested()
  @Type(() => TypingIndicatorDto)
  typing_indicator?: TypingIndicatorDto;
}

/** A status update rather than a send: Meta tells the two apart by `status`. */
export function isStatusUpdate(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && 'status' in body;
}
