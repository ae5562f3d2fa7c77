import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { EnvelopeOf } from '../event-envelope';
import { MessageRoute } from '../message-route';
import { OutboundMessage } from './outbound-message';

export class MessageReadyData extends MessageRoute {
  @ValidateNested()
  @Type(() => OutboundMessage)
  outbound: OutboundMessage;

  /** The text as the customer will read it, kept for the ledger. */
  @IsString()
  renderedText: string;
}

export class MessageReadyEvent extends EnvelopeOf(MessageReadyData) {}
