import { IsISO8601, IsString, IsUUID, Matches } from 'class-validator';
import { EnvelopeOf } from '../event-envelope';

/** contactUuidFor's output: 32 lowercase hex digits. */
const CONTACT_UUID = /^[0-9a-f]{32}$/;

/**
 * A customer's 24-hour window on a channel closes soon (WINDOW_CLOSING_LEAD_MS before `closesAt`): the team's last
 * chance to send a free-form message, or to switch to a template. Published once per window, by the policy, whose
 * rule it is. Everything in it follows from the window itself, so publishing it again (a crash before the policy
 * recorded it published) says nothing new.
 */
export class ContactWindowClosingData {
  @IsUUID()
  teamUuid: string;

  @IsUUID()
  channelUuid: string;

  @Matches(CONTACT_UUID, { message: 'contactUuid must be 32 lowercase hex digits' })
  contactUuid: string;

  /** The customer, in E.164. */
  @IsString()
  phone: string;

  /** When the customer last wrote: the window runs 24 hours from it. */
  @IsISO8601({ strict: true })
  lastInboundAt: string;

  /** When the window closes: after it, only a template may be sent. */
  @IsISO8601({ strict: true })
  closesAt: string;
}

export class ContactWindowClosingEvent extends EnvelopeOf(ContactWindowClosingData) {}
