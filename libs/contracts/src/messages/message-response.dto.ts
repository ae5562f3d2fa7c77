import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MessageStatus } from './message-status';
import { MessageFailureCode, messageFailureCodes, WarningCode, warningCodes } from './reason-codes';

/** `200` answer of `POST /messages/send`. */
export interface SendMessageResponse {
  message: {
    uuid: string;
    status: MessageStatus.Enqueued;
    /** With `fields=contact`. */
    contact?: { uuid: string; name: string | null; phone: string; email: string | null };
  };
}

export interface MessageStatusChange {
  status: MessageStatus;
  at: string;
}

export interface MessageFailure {
  code: MessageFailureCode;
  message: string;
  providerCode?: number;
}

/** `200` answer of `GET /messages/status/:uuid`. */
export interface MessageStatusResponse {
  message: {
    uuid: string;
    to: string;
    from: string;
    type: string;
    content: Record<string, unknown>;
    /** The text as the customer reads it (templates rendered), once known. */
    renderedText?: string;
    templateUuid?: string;
    assignedUser?: string;
    metadata?: Record<string, string>;
    contactUuid: string;
    channelUuid: string;
    status: MessageStatus;
    providerMessageId: string | null;
    createdAt: string;
    updatedAt: string;
    statusHistory: MessageStatusChange[];
    failure?: MessageFailure;
    warnings?: Array<{ code: WarningCode; message: string }>;
  };
}

/** A customer's message as `GET /messages` lists it beside the team's (Herald extension). */
export interface InboundMessageListItem {
  uuid: string;
  direction: 'inbound';
  /** The customer. */
  from: string;
  /** Herald's side: the channel's uuid. */
  to: string;
  /** WhatsApp's message type. */
  type: string;
  /** The details as WhatsApp gave them: text, media, location, reply, context, reaction... */
  content: Record<string, unknown>;
  contactUuid: string;
  channelUuid: string;
  status: 'received';
  providerMessageId: string;
  /** When the customer wrote, by WhatsApp's clock. */
  createdAt: string;
}

/** `200` answer of `GET /messages`: newest first, both ways unless `direction` says; `nextCursor` is null on the last page. */
export interface MessageListResponse {
  messages: Array<(MessageStatusResponse['message'] & { direction?: 'outbound' }) | InboundMessageListItem>;
  nextCursor: string | null;
}

/** The uuid Herald gives a message: 32 lowercase hex digits, as Callbell's. */
export const MESSAGE_UUID_PATTERN = /^[0-9a-f]{32}$/;

/** OpenAPI schemas of the answers above. */
export class EnqueuedMessageDto {
  @ApiProperty({ pattern: '^[0-9a-f]{32}$', example: 'adf3d1216d4c4dcd908199d6700f2381' })
  uuid: string;

  @ApiProperty({ enum: [MessageStatus.Enqueued] })
  status: MessageStatus.Enqueued;

  @ApiPropertyOptional({ description: 'With fields=contact', example: { uuid: 'c7b3d1216d4c4dcd908199d6700f2381', name: null, phone: '+31612345678', email: null } })
  contact?: { uuid: string; name: string | null; phone: string; email: string | null };
}

export class SendMessageResponseDto {
  @ApiProperty({ type: EnqueuedMessageDto })
  message: EnqueuedMessageDto;
}

export class MessageStatusChangeDto {
  @ApiProperty({ enum: MessageStatus })
  status: MessageStatus;

  @ApiProperty({ format: 'date-time' })
  at: string;
}

export class MessageFailureDto {
  @ApiProperty({ enum: messageFailureCodes, example: 'session_window_closed' })
  code: MessageFailureCode;

  @ApiProperty()
  message: string;

  @ApiPropertyOptional({ example: 131047 })
  providerCode?: number;
}

export class MessageWarningDto {
  @ApiProperty({ enum: warningCodes })
  code: WarningCode;

  @ApiProperty()
  message: string;
}

export class MessageDto {
  @ApiProperty({ pattern: '^[0-9a-f]{32}$' }) uuid: string;
  @ApiProperty({ example: '+31612345678' }) to: string;
  @ApiProperty({ example: 'whatsapp' }) from: string;
  @ApiProperty({ example: 'text' }) type: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { text: 'Hello!' } }) content: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'The text as the customer reads it (templates rendered), once known' }) renderedText?: string;
  @ApiPropertyOptional() templateUuid?: string;
  @ApiPropertyOptional() assignedUser?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } }) metadata?: Record<string, string>;
  @ApiProperty() contactUuid: string;
  @ApiProperty({ format: 'uuid' }) channelUuid: string;
  @ApiProperty({ enum: MessageStatus }) status: MessageStatus;
  @ApiProperty({ nullable: true, type: String, example: 'wamid.HBgL...' }) providerMessageId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: [MessageStatusChangeDto] }) statusHistory: MessageStatusChangeDto[];
  @ApiPropertyOptional({ type: MessageFailureDto }) failure?: MessageFailureDto;
  @ApiPropertyOptional({ type: [MessageWarningDto], description: 'Things to know although the message is sent, such as an assignee not on the team' })
  warnings?: MessageWarningDto[];
  @ApiPropertyOptional({ enum: ['outbound', 'inbound'], description: "Herald extension, in lists: `inbound` for a customer's message (then `status` is `received`, `from` the customer, `to` the channel's uuid)" })
  direction?: 'outbound' | 'inbound';
}

export class MessageStatusResponseDto {
  @ApiProperty({ type: MessageDto })
  message: MessageDto;
}

export class MessageListResponseDto {
  @ApiProperty({ type: [MessageDto] })
  messages: MessageDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last one' })
  nextCursor: string | null;
}
