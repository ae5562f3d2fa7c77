import { Injectable } from '@nestjs/common';
import { ContactsRepository, Erasure } from '@herald/ledger';
import { OutboxRecord } from '../outbox/outbox-rows';
import { OutboxRepository } from '../outbox/outbox.repository';

/** A right-to-erasure request and the event that tells the other services of it, committed together. */
@Injectable()
export class ContactErasureRepository {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  /** Erases the contact (ContactsRepository.erase) and appends `tell`'s record of it to the outbox, in one transaction. */
  erase(teamUuid: string, uuid: string, requestedBy: string, tell: (erasure: Erasure) => OutboxRecord): Promise<number | null> {
    return this.contacts.erase(teamUuid, uuid, requestedBy, (manager, erasure) => this.outbox.appendWithin(manager, [tell(erasure)]));
  }
}
