import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { UUID_REFERENCE_PATTERN } from '../messages/send-message.dto';

/** `POST /media`'s form fields besides the file (multipart/form-data). */
export class UploadMediaFieldsDto {
  @ApiPropertyOptional({ description: "The channel to upload through; the team's default WhatsApp channel when omitted", example: '7c0ad4c5-33b1-4d9e-8f0a-6f3b1e2d4c5a' })
  @IsOptional()
  @Matches(UUID_REFERENCE_PATTERN, { message: 'channel_uuid must be a channel uuid' })
  channel_uuid?: string;

  @ApiPropertyOptional({ description: "The file's media type; the file part's Content-Type when omitted", example: 'image/png' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  type?: string;
}

/** `POST /media`'s answer: the id a send may name instead of a link, on the channel it was uploaded through. */
export class UploadedMediaDto {
  @ApiProperty({ description: "WhatsApp's media id; WhatsApp keeps an upload for 30 days", example: '1037543291543636' })
  id: string;

  @ApiProperty({ description: 'The channel it was uploaded through: only its number may send it', example: '7c0ad4c5-33b1-4d9e-8f0a-6f3b1e2d4c5a' })
  channelUuid: string;

  @ApiProperty({ example: 'image/png' })
  mimeType: string;
}

export class UploadMediaResponseDto {
  @ApiProperty({ type: UploadedMediaDto })
  media: UploadedMediaDto;
}

export interface UploadMediaResponse {
  media: UploadedMediaDto;
}

/** `POST /messages/:uuid/read`'s body (Herald extension): with `typing_indicator`, the customer sees a reply being typed. */
export class MarkReadDto {
  @ApiPropertyOptional({ description: 'Also show the customer a typing indicator, until the reply or for up to 25 seconds', example: true })
  @IsOptional()
  @IsBoolean()
  typing_indicator?: boolean;
}

export class SuccessResponseDto {
  @ApiProperty({ example: true })
  success: true;
}

/**
 * The dispatcher's internal Graph API calls, asked by the ingress: the answers' shapes and the read receipt's body.
 * The dispatcher holds the channels' token key; the internet-facing ingress does not.
 */
export class InternalMarkReadRequest {
  /** The customer's message, as WhatsApp named it (wamid). */
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  messageId: string;

  @IsOptional()
  @IsBoolean()
  typingIndicator?: boolean;
}

export interface InternalUploadedMedia {
  id: string;
}
