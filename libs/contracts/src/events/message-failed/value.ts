import { Type } from 'class-transformer';
import { IsISO8601, ValidateNested } from 'class-validator';
import { EventEnvelope } from '../event-envelope';
import { MessageRoute } from '../message-route';
import { FailureReason } from '../reasons';

export class MessageFailedData extends MessageRoute {
  @ValidateNested()
  @Type(() => FailureReason)
  reason: FailureReason;

  @IsISO8601({ strict: true })
  failedAt: string;
}

export class MessageFailedEvent extends EventEnvelope<MessageFailedData> {
  @ValidateNested()
  @Type(() => MessageFailedData)
  data: MessageFailedData;
}
