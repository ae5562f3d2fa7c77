import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventPublisher, OutgoingEvent } from '@herald/kafka';
import { queryRows } from '@herald/persistence';
import { DataSource } from 'typeorm';
import { INSERT_LEDGER_ROWS, LedgerRow, ledgerRowParameters } from './ledger-rows';

export interface Acceptance {
  row: LedgerRow;
  event: OutgoingEvent<unknown>;
}

interface Pending extends Acceptance {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Accepts the messages of concurrent requests together: what arrives in one turn of the event loop is written to
 * the ledger in one statement and published in one produce request, and each request is answered once both
 * hold for its message. If Kafka refuses, the batch's rows are removed and every request of it fails, so nothing
 * is accepted that is not on its way. An idle ingress adds no delay; a busy one makes a few large writes instead of
 * one per request.
 */
@Injectable()
export class AcceptBatcher {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
  ) {}

  accept(acceptance: Acceptance): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ ...acceptance, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    try {
      await queryRows(this.dataSource, INSERT_LEDGER_ROWS, ledgerRowParameters(batch.map((entry) => entry.row)));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    const published = await Promise.allSettled(batch.map((entry) => this.publisher.publish(entry.event)));
    const refused = batch.filter((_, index) => published[index].status === 'rejected');
    if (refused.length > 0) {
      await queryRows(this.dataSource, `DELETE FROM messages WHERE uuid = ANY($1::bpchar[])`, [refused.map((entry) => entry.row.uuid)]).catch(
        () => undefined,
      );
    }
    batch.forEach((entry, index) => {
      const outcome = published[index];
      if (outcome.status === 'fulfilled') entry.resolve();
      else entry.reject(outcome.reason);
    });
  }
}
