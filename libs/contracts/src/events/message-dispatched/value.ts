import { IsISO8601, IsString } from 'class-validator';
import { EnvelopeOf } from '../event-envelope';
import { MessageRoute } from '../message-route';

export class MessageDispatchedData extends MessageRoute {
  /** The provider's message id (WhatsApp's `wamid`). */
  @IsString()
  providerMessageId: string;

  @IsISO8601({ strict: true })
  dispatchedAt: string;
}

export class MessageDispatchedEvent extends EnvelopeOf(MessageDispatchedData) {}
