import { IsISO8601 } from 'class-validator';
import { EnvelopeOf } from '../event-envelope';
import { UnsentMessage } from '../reasons';

export class MessageFailedData extends UnsentMessage {
  @IsISO8601({ strict: true })
  failedAt: string;
}

export class MessageFailedEvent extends EnvelopeOf(MessageFailedData) {}
