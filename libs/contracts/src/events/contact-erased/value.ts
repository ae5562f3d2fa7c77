import { IsISO8601, IsString, IsUUID, Matches } from 'class-validator';
import { EnvelopeOf } from '../event-envelope';

/**
 * A team erased a contact (`DELETE /contacts/:uuid`, a right-to-erasure request): the ledger's copy is gone as the
 * request is answered, and every other service that keeps the contact's messages or number lets go of them on this
 * event. The phone number is what those services know the contact by; the topic's retention bounds how long it
 * stays there.
 */
export class ContactErasedData {
  @IsUUID()
  teamUuid: string;

  @Matches(/^[0-9a-f]{32}$/, { message: 'contactUuid must be 32 lowercase hex digits' })
  contactUuid: string;

  /** The customer, in E.164. */
  @IsString()
  phone: string;

  @IsISO8601({ strict: true })
  erasedAt: string;
}

export class ContactErasedEvent extends EnvelopeOf(ContactErasedData) {}
