import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';

/** WhatsApp's limit on a text message body. */
export const MAX_TEXT_LENGTH = 4096;

/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

export const messageTypes = ['text'] as const;
export type MessageType = (typeof messageTypes)[number];

export class MessageContentDto {
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TEXT_LENGTH)
  text: string;
}

/** The body of `POST /messages/send` (Callbell's contract), and the `request` carried by `message.requested`. */
export class SendMessageDto {
  @IsString()
  @Matches(E164_PATTERN, { message: 'to must be a phone number in E.164 format, such as +15550001111' })
  to: string;

  /** The channel type (`whatsapp`: the team's default WhatsApp channel). */
  @IsString()
  @IsIn(['whatsapp'])
  from: string;

  @IsString()
  @IsIn(messageTypes)
  type: MessageType;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => MessageContentDto)
  content: MessageContentDto;
}
