import { Injectable } from '@nestjs/common';
import { MessageLedgerRepository } from '@herald/ledger';
import { Batcher } from '@herald/persistence';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { Acceptance, AcceptRepository } from './accept.repository';

/** Settling an accept whose outcome is unknown waits out a short outage. */
const settling = retry(handleAll, { maxAttempts: 4, backoff: new ExponentialBackoff({ initialDelay: 250, maxDelay: 2_000 }) });

/**
 * Accepts the messages of concurrent requests together (a Batcher): what arrives in one turn of the event loop, or
 * while the previous batch is under way, is written in one statement (ACCEPT_MESSAGES), each message's ledger row
 * and its event in the outbox, committed together or not at all. Each request is answered once the statement has
 * committed: its message is then both readable and on its way, whatever Kafka does, and a request whose statement
 * failed has left nothing that could be sent. The relay is woken to take the events to Kafka. An idle ingress adds
 * no delay; a busy one makes a few large writes instead of one per request.
 */
@Injectable()
export class AcceptBatcher {
  private readonly accepts = new Batcher<Acceptance>((batch) => this.acceptTogether(batch));

  constructor(
    private readonly repository: AcceptRepository,
    private readonly ledger: MessageLedgerRepository,
    private readonly relay: OutboxRelay,
  ) {}

  accept(acceptance: Acceptance): Promise<void> {
    return this.accepts.submit(acceptance);
  }

  private async acceptTogether(batch: Acceptance[]): Promise<void> {
    await this.repository.accept(batch);
    this.accepted();
  }

  /**
   * Whether a message whose accept failed was accepted after all: a statement whose connection broke may have
   * committed before it did. Withdraws the message when it was not, so that it never can be; a database that cannot
   * be reached even for that is the one case where the answer stays unknown.
   */
  async acceptedAfterAll(acceptance: Acceptance): Promise<boolean> {
    const withdrawn = await settling.execute(() => this.ledger.withdrawUnlessAccepted(acceptance.row));
    if (withdrawn) return false;
    this.accepted();
    return true;
  }

  /** After the commit: the relay takes the events to Kafka. */
  accepted(): void {
    this.relay.wake();
  }
}
