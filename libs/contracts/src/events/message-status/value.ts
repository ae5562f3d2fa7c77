import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, ValidateNested } from 'class-validator';
import { providerStatuses, ProviderStatus } from '../../messages/message-status';
import { EnvelopeOf } from '../event-envelope';
import { IsMessageUuid } from '../message-route';
import { FailureReason } from '../reasons';

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

  @IsOptional()
  @ValidateNested()
  @Type(() => FailureReason)
  failure?: FailureReason;
}

export class MessageStatusEvent extends EnvelopeOf(MessageStatusData) {}
