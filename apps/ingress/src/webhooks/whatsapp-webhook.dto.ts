/*
 * Decorators apply bottom-up and validation stops at a field's first problem: the type check sits last. Every list of
 * objects also checks that each item is an object: ValidateNested alone passes an array nested in the list.
 */
import { Type } from 'class-transformer';
import { Equals, IsArray, IsInt, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';

/**
 * The parts of WhatsApp's webhook body (graph-api.types.ts, WebhookPayload) that Herald reads, checked with
 * `unknownFields: 'ignore'`: Meta adds fields, and other webhook fields (`field` other than `messages`) are passed
 * over unread. What is checked is what toStatusData and toInboundData rely on.
 */

/** Unix seconds, as Meta writes them (a string of digits); eleven digits reach well past any real date. */
const UNIX_SECONDS = /^\d{1,11}$/;

class WebhookErrorDataDto {
  @IsOptional()
  @IsString()
  details?: string;
}

class WebhookStatusErrorDto {
  @IsOptional()
  @IsInt()
  code?: number;

  @IsOptional()
  @IsString()
  title?: string;

  @IsOptional()
  @IsString()
  message?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => WebhookErrorDataDto)
  @IsObject()
  error_data?: WebhookErrorDataDto;
}

export class WebhookStatusDto {
  @MaxLength(256)
  @MinLength(1)
  @IsString()
  id: string;

  /** Any string: the statuses Herald does not follow (`deleted`, `warning`...) are passed over, not refused. */
  @MaxLength(64)
  @IsString()
  status: string;

  @Matches(UNIX_SECONDS, { message: 'timestamp must be Unix seconds, as a string of digits' })
  @IsString()
  timestamp: string;

  @MaxLength(64)
  @IsString()
  recipient_id: string;

  @IsOptional()
  @IsString()
  biz_opaque_callback_data?: string;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => WebhookStatusErrorDto)
  @IsObject({ each: true })
  @IsArray()
  errors?: WebhookStatusErrorDto[];

  /**
   * Meta's pricing and conversation objects, left unchecked here: toStatusData keeps what it can read of them and
   * leaves out one it cannot, for a change in Meta's pricing data must not cost Herald the status itself.
   */
  @IsOptional()
  pricing?: unknown;

  @IsOptional()
  conversation?: unknown;
}

class WebhookTextDto {
  @IsString()
  body: string;
}

export class WebhookMessageDto {
  @MaxLength(256)
  @MinLength(1)
  @IsString()
  id: string;

  @Matches(/^\+?\d{1,20}$/, { message: 'from must be a phone number (digits)' })
  @IsString()
  from: string;

  @Matches(UNIX_SECONDS, { message: 'timestamp must be Unix seconds, as a string of digits' })
  @IsString()
  timestamp: string;

  @MaxLength(64)
  @IsString()
  type: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => WebhookTextDto)
  @IsObject()
  text?: WebhookTextDto;

  /**
   * The message's details, left unchecked here as `pricing` is on a status: toInboundData keeps what it can read of
   * each and leaves out one it cannot, for an odd detail must not cost Herald the customer's message.
   * `image`, `document`, `audio`, `video`, `sticker`: {id, mime_type, sha256, caption (not audio, sticker), filename (document)}.
   */
  @IsOptional()
  image?: unknown;

  @IsOptional()
  document?: unknown;

  @IsOptional()
  audio?: unknown;

  @IsOptional()
  video?: unknown;

  @IsOptional()
  sticker?: unknown;

  /** {latitude, longitude, name, address}. */
  @IsOptional()
  location?: unknown;

  /** A template's quick reply: {payload, text}. */
  @IsOptional()
  button?: unknown;

  /** {type: 'button_reply', button_reply: {id, title}} or {type: 'list_reply', list_reply: {id, title, description}}. */
  @IsOptional()
  interactive?: unknown;

  /** The message replied to: {id} (and `from`). */
  @IsOptional()
  context?: unknown;

  /** {message_id, emoji}; no emoji when the customer took the reaction back. */
  @IsOptional()
  reaction?: unknown;

  /** A `contacts` message's shared cards: [{name: {formatted_name...}, phones: [{phone, wa_id, type}], emails...}]. */
  @IsOptional()
  contacts?: unknown;

  /** The click-to-WhatsApp ad the customer came from: {source_url, source_id, source_type, headline, body...}. */
  @IsOptional()
  referral?: unknown;
}

class WebhookMetadataDto {
  @MaxLength(64)
  @MinLength(1)
  @IsString()
  phone_number_id: string;
}

export class WebhookMessagesValueDto {
  @ValidateNested()
  @Type(() => WebhookMetadataDto)
  @IsObject()
  metadata: WebhookMetadataDto;

  /** The senders' profiles, [{profile: {name}, wa_id}]: unchecked, as a message's details are. */
  @IsOptional()
  contacts?: unknown;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => WebhookMessageDto)
  @IsObject({ each: true })
  @IsArray()
  messages?: WebhookMessageDto[];

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => WebhookStatusDto)
  @IsObject({ each: true })
  @IsArray()
  statuses?: WebhookStatusDto[];
}

export class WebhookChangeDto {
  @IsString()
  field: string;

  /** Read only for `messages` changes; any other field's value is Meta's business, not Herald's. */
  @ValidateIf((change: WebhookChangeDto) => change.field === 'messages')
  @ValidateNested()
  @Type(() => WebhookMessagesValueDto)
  @IsObject()
  value: WebhookMessagesValueDto;
}

class WebhookEntryDto {
  @ValidateNested({ each: true })
  @Type(() => WebhookChangeDto)
  @IsObject({ each: true })
  @IsArray()
  changes: WebhookChangeDto[];
}

export class WhatsAppWebhookDto {
  @Equals('whatsapp_business_account', { message: 'object must be whatsapp_business_account' })
  object: string;

  @ValidateNested({ each: true })
  @Type(() => WebhookEntryDto)
  @IsObject({ each: true })
  @IsArray()
  entry: WebhookEntryDto[];
}
