import { Type } from 'class-transformer';
import { IsISO8601, ValidateNested } from 'class-validator';
import { EnvelopeOf } from '../event-envelope';
import { MessageRoute } from '../message-route';
import { RejectionReason } from '../reasons';

export class MessageRejectedData extends MessageRoute {
  @ValidateNested()
  @Type(() => RejectionReason)
  reason: RejectionReason;

  @IsISO8601({ strict: true })
  rejectedAt: string;
}

export class MessageRejectedEvent extends EnvelopeOf(MessageRejectedData) {}
