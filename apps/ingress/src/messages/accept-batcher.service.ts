import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventPublisher, OutgoingEvent } from '@herald/kafka';
import { Batcher, queryRows } from '@herald/persistence';
import { DataSource } from 'typeorm';
import { INSERT_LEDGER_ROWS, LedgerRow, ledgerRowParameters, WITHDRAW_UNTOUCHED } from './ledger-rows';
import { MessageLedgerService } from './message-ledger.service';

export interface Acceptance {
  row: LedgerRow;
  event: OutgoingEvent<unknown>;
}

/**
 * Accepts the messages of concurrent requests together (a Batcher): what arrives in one turn of the event loop, or
 * while the previous batch is under way, is written to the ledger in one statement and published in one produce
 * request, the two at the same time, and each request is answered once both have settled for its message. The
 * event is what accepts a message: if Kafka refuses it, its request fails, so nothing is accepted that is not on its
 * way, and its row is withdrawn (hidden, not deleted, because a refused produce may still have reached the broker;
 * a withdrawn row comes back with the first event about it, see MessageLedgerService). If only the row failed, the
 * message is on its way and its request succeeds: the ledger writes the same row from the event. Either writer may
 * come first (INSERT_LEDGER_ROWS keeps the row that is there), and an event about the message that reaches the
 * ledger before its row waits for it. Once a batch's rows are written, the ledger passes over their requests
 * (MessageLedgerService.rowsWritten). An idle ingress adds no delay; a busy one makes a few large writes instead of
 * one per request.
 */
@Injectable()
export class AcceptBatcher {
  private readonly logger = new Logger(AcceptBatcher.name);
  /** Each acceptance's refusal by Kafka, or null once its event is on its way. */
  private readonly accepts = new Batcher<Acceptance, { refusal: unknown } | null>((batch) => this.acceptTogether(batch));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly ledger: MessageLedgerService,
  ) {}

  async accept(acceptance: Acceptance): Promise<void> {
    const refused = await this.accepts.submit(acceptance);
    if (refused) throw refused.refusal;
  }

  private async acceptTogether(batch: Acceptance[]): Promise<Array<{ refusal: unknown } | null>> {
    // Side by side, not one after the other: an accept waits for the longer of the two round trips, not their sum.
    const [written, published] = await Promise.all([
      queryRows(this.dataSource, INSERT_LEDGER_ROWS, ledgerRowParameters(batch.map((entry) => entry.row))).then(
        () => {
          // Not waited for: it only spares the ledger work it would otherwise do (see rowsWritten).
          this.ledger.rowsWritten(batch.map((entry) => entry.row.uuid)).catch((error: unknown) => {
            this.logger.warn(`the ledger records ${batch.length} requests itself: ${(error as Error).message}`);
          });
          return true;
        },
        (error: unknown) => {
          this.logger.warn(`${batch.length} ledger rows not written, left to the ledger: ${(error as Error).message}`);
          return false;
        },
      ),
      Promise.allSettled(batch.map((entry) => this.publisher.publish(entry.event))),
    ]);
    const refused = batch.filter((_, index) => published[index].status === 'rejected');
    if (written && refused.length > 0) {
      await queryRows(this.dataSource, WITHDRAW_UNTOUCHED, [refused.map((entry) => entry.row.uuid)]).catch(() => undefined);
    }
    return published.map((outcome) => (outcome.status === 'rejected' ? { refusal: outcome.reason } : null));
  }
}
