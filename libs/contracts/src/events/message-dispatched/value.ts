import { Type } from 'class-transformer';
import { IsISO8601, IsString, ValidateNested } from 'class-validator';
import { EventEnvelope } from '../event-envelope';
import { MessageRoute } from '../message-route';

export class MessageDispatchedData extends MessageRoute {
  /** The provider's message id (WhatsApp's `wamid`). */
  @IsString()
  providerMessageId: string;

  @IsISO8601({ strict: true })
  dispatchedAt: string;
}

export class MessageDispatchedEvent extends EventEnvelope<MessageDispatchedData> {
  @ValidateNested()
  @Type(() => MessageDispatchedData)
  data: MessageDispatchedData;
}
