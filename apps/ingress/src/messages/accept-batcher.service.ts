import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventPublisher, OutgoingEvent } from '@herald/kafka';
import { Batcher, queryRows } from '@herald/persistence';
import { DataSource } from 'typeorm';
import { INSERT_LEDGER_ROWS, LedgerRow, ledgerRowParameters, WITHDRAW_UNTOUCHED } from './ledger-rows';

export interface Acceptance {
  row: LedgerRow;
  event: OutgoingEvent<unknown>;
}

/**
 * Accepts the messages of concurrent requests together (a Batcher): what arrives in one turn of the event loop, or
 * while the previous batch is under way, is written to the ledger in one statement and published in one produce
 * request, and each request is answered once both hold for its message. If Kafka refuses a message, its request
 * fails, so nothing is accepted that is not on its way, and its row is withdrawn: hidden, not deleted, because a
 * refused produce may still have reached the broker. A row deleted after the ledger had seen the event would leave
 * every later event about the message without one, each retried in front of the events behind it; a withdrawn
 * row comes back with the first event about it (see MessageLedgerService). An idle ingress adds no delay; a busy
 * one makes a few large writes instead of one per request.
 */
@Injectable()
export class AcceptBatcher {
  /** Each acceptance's refusal by Kafka, or null once its event is on its way. */
  private readonly accepts = new Batcher<Acceptance, { refusal: unknown } | null>((batch) => this.acceptTogether(batch));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
  ) {}

  async accept(acceptance: Acceptance): Promise<void> {
    const refused = await this.accepts.submit(acceptance);
    if (refused) throw refused.refusal;
  }

  private async acceptTogether(batch: Acceptance[]): Promise<Array<{ refusal: unknown } | null>> {
    await queryRows(this.dataSource, INSERT_LEDGER_ROWS, ledgerRowParameters(batch.map((entry) => entry.row)));
    const published = await Promise.allSettled(batch.map((entry) => this.publisher.publish(entry.event)));
    const refused = batch.filter((_, index) => published[index].status === 'rejected');
    if (refused.length > 0) {
      await queryRows(this.dataSource, WITHDRAW_UNTOUCHED, [refused.map((entry) => entry.row.uuid)]).catch(() => undefined);
    }
    return published.map((outcome) => (outcome.status === 'rejected' ? { refusal: outcome.reason } : null));
  }
}
