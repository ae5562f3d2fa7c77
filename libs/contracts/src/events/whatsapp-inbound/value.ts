import { IsISO8601, IsOptional, IsString } from 'class-validator';
import { EnvelopeOf } from '../event-envelope';

/** A customer's message to one of the team's numbers, from a WhatsApp webhook. */
export class InboundMessageData {
  @IsString()
  phoneNumberId: string;

  /** The customer, in E.164 (with the plus). */
  @IsString()
  from: string;

  @IsString()
  providerMessageId: string;

  /** When the customer wrote, by the provider's clock: the 24-hour window runs from here. */
  @IsISO8601({ strict: true })
  sentAt: string;

  @IsString()
  type: string;

  @IsOptional()
  @IsString()
  text?: string;
}

export class InboundMessageEvent extends EnvelopeOf(InboundMessageData) {}
