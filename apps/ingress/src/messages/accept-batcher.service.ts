import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Batcher, queryRows } from '@herald/persistence';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import { DataSource } from 'typeorm';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { OutboxRecord, outboxRowParameters } from '../outbox/outbox-rows';
import { ACCEPT_MESSAGES, LedgerRow, ledgerRowParameters, WITHDRAW_UNSETTLED } from './ledger-rows';
import { MessageLedgerService } from './message-ledger.service';

/** Settling an accept whose outcome is unknown waits out a short outage. */
const settling = retry(handleAll, { maxAttempts: 4, backoff: new ExponentialBackoff({ initialDelay: 250, maxDelay: 2_000 }) });

/** A message being accepted: its ledger row, and its `message.requested` event for the outbox. */
export interface Acceptance {
  row: LedgerRow;
  record: OutboxRecord;
}

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
  private readonly logger = new Logger(AcceptBatcher.name);
  private readonly accepts = new Batcher<Acceptance>((batch) => this.acceptTogether(batch));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly ledger: MessageLedgerService,
  ) {}

  accept(acceptance: Acceptance): Promise<void> {
    return this.accepts.submit(acceptance);
  }

  private async acceptTogether(batch: Acceptance[]): Promise<void> {
    await queryRows(this.dataSource, ACCEPT_MESSAGES, [
      ...ledgerRowParameters(batch.map((entry) => entry.row)),
      ...outboxRowParameters(batch.map((entry) => entry.record)),
    ]);
    this.accepted(batch.map((entry) => entry.row.uuid));
  }

  /**
   * Whether a message whose accept failed was accepted after all: a statement whose connection broke may have
   * committed before it did. Withdraws the message when it was not (WITHDRAW_UNSETTLED), so that it never can be;
   * a database that cannot be reached even for that is the one case where the answer stays unknown.
   */
  async acceptedAfterAll(row: LedgerRow): Promise<boolean> {
    const withdrawn = await settling.execute(() => queryRows<{ uuid: string }>(this.dataSource, WITHDRAW_UNSETTLED, ledgerRowParameters([row])));
    if (withdrawn.length > 0) return false;
    this.accepted([row.uuid]);
    return true;
  }

  /** After the commit: the relay takes the events, and the ledger passes over requests whose rows are written. */
  accepted(uuids: string[]): void {
    this.relay.wake();
    // Not waited for: it only spares the ledger work it would otherwise do (see rowsWritten).
    this.ledger.rowsWritten(uuids).catch((error: unknown) => {
      this.logger.warn(`the ledger records ${uuids.length} requests itself: ${(error as Error).message}`);
    });
  }
}
