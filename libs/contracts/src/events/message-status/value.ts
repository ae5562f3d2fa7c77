import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { providerStatuses, ProviderStatus } from '../../messages/message-status';
import { EnvelopeOf } from '../event-envelope';
import { IsMessageUuid } from '../message-route';
import { FailureReason } from '../reasons';

/**
 * How Meta prices the message, as its status webhook says (`statuses[].pricing`), in Meta's own field names: passed on
 * to the team as Meta wrote it. Every field is optional, so that a change of Meta's pricing model drops a field
 * rather than the status.
 */
export class StatusPricing {
  @IsOptional()
  @IsBoolean()
  billable?: boolean;

  /** `CBP` (per conversation) or `PMP` (per message). */
  @IsOptional()
  @MaxLength(64)
  @IsString()
  pricing_model?: string;

  /** `marketing`, `utility`, `authentication`, `service`... */
  @IsOptional()
  @MaxLength(64)
  @IsString()
  category?: string;

  /** Per-message pricing's kind: `regular`, `free_customer_service`, `free_entry_point`. */
  @IsOptional()
  @MaxLength(64)
  @IsString()
  type?: string;
}

export class StatusConversationOrigin {
  @IsOptional()
  @MaxLength(64)
  @IsString()
  type?: string;
}

/** The conversation the message opened or belongs to, as its status webhook says (`statuses[].conversation`). */
export class StatusConversation {
  @IsOptional()
  @MaxLength(256)
  @IsString()
  id?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => StatusConversationOrigin)
  @IsObject()
  origin?: StatusConversationOrigin;

  /** Unix seconds, as Meta writes them (only on the status that opened the conversation). */
  @IsOptional()
  @Matches(/^\d{1,11}$/, { message: 'expiration_timestamp must be Unix seconds, as a string of digits' })
  @IsString()
  expiration_timestamp?: string;
}

/** A provider status report (from a WhatsApp webhook) about an outbound message. */
export class MessageStatusData {
  @IsString()
  providerMessageId: string;

  /** Herald's uuid, when the provider echoed it back (`biz_opaque_callback_data`). */
  @IsOptional()
  @IsMessageUuid()
  messageUuid?: string;

  @IsIn(providerStatuses)
  status: ProviderStatus;

  /** When the provider says the status changed (not when Herald heard of it). */
  @IsISO8601({ strict: true })
  statusAt: string;

  @IsString()
  recipientId: string;

  @IsString()
  phoneNumberId: string;

  /** Why it failed, with WhatsApp's error code (`providerCode`) when it gave one. */
  @IsOptional()
  @ValidateNested()
  @Type(() => FailureReason)
  failure?: FailureReason;

  /** Meta sends it with `sent` and `delivered`, not with `read`. */
  @IsOptional()
  @ValidateNested()
  @Type(() => StatusPricing)
  @IsObject()
  pricing?: StatusPricing;

  @IsOptional()
  @ValidateNested()
  @Type(() => StatusConversation)
  @IsObject()
  conversation?: StatusConversation;
}

export class MessageStatusEvent extends EnvelopeOf(MessageStatusData) {}
