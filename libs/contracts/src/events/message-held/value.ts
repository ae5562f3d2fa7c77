import { Type } from 'class-transformer';
import { IsISO8601, ValidateNested } from 'class-validator';
import { EventEnvelope } from '../event-envelope';
import { MessageRoute } from '../message-route';
import { FailureReason } from '../reasons';

/** A message Herald holds: neither sent again nor given up, for the reason given, until its outcome is known. */
export class MessageHeldData extends MessageRoute {
  @ValidateNested()
  @Type(() => FailureReason)
  reason: FailureReason;

  @IsISO8601({ strict: true })
  heldAt: string;
}

export class MessageHeldEvent extends EventEnvelope<MessageHeldData> {
  @ValidateNested()
  @Type(() => MessageHeldData)
  data: MessageHeldData;
}
