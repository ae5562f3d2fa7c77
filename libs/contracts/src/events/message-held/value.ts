import { IsISO8601 } from 'class-validator';
import { EnvelopeOf } from '../event-envelope';
import { UnsentMessage } from '../reasons';

/** A message Herald holds: neither sent again nor given up, for the reason given, until its outcome is known. */
export class MessageHeldData extends UnsentMessage {
  @IsISO8601({ strict: true })
  heldAt: string;
}

export class MessageHeldEvent extends EnvelopeOf(MessageHeldData) {}
