import { IsIn, IsISO8601, IsString, IsUUID } from 'class-validator';
import { consentChanges } from '../../contacts/contact-consent';
import { EnvelopeOf } from '../event-envelope';

/** A team opted a contact out of its messages on a channel, or back in. */
export class ContactConsentData {
  @IsUUID()
  teamUuid: string;

  @IsUUID()
  channelUuid: string;

  @IsString()
  phone: string;

  @IsIn(consentChanges)
  change: (typeof consentChanges)[number];

  @IsISO8601({ strict: true })
  at: string;

  /** Who said so (the API key's uuid), for the record. */
  @IsString()
  source: string;
}

export class ContactConsentEvent extends EnvelopeOf(ContactConsentData) {}
