import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { INSERT_LEDGER_ROWS, LedgerRow, ledgerRowParameters } from '@herald/ledger';
import { queryRows } from '@herald/persistence';
import { DataSource } from 'typeorm';
import { IdempotencyKeysRepository, KeyClaims } from '../idempotency/idempotency-keys.repository';
import { OutboxRecord, outboxRowParameters } from '../outbox/outbox-rows';

/** A message being accepted: its ledger row, and its `message.requested` event for the outbox. */
export interface Acceptance {
  row: LedgerRow;
  record: OutboxRecord;
}

/**
 * Accepts messages: their ledger rows (the ledger's own statement, parameters 1 to 8 as ledgerRowParameters) and
 * their events in the outbox (9 to 12, as outboxRowParameters), in one statement, so both are committed or neither
 * is. The ids of the outbox grow in the order given, and the relay sends by id. A message whose row is already there
 * (withdrawn by MessageLedgerRepository.withdrawUnlessAccepted) gets no event.
 */
export const ACCEPT_MESSAGES = `
  WITH ledger AS (${INSERT_LEDGER_ROWS})
  INSERT INTO outbox (topic, key, value, headers)
  SELECT topic, key, value, headers
  FROM unnest($1::bpchar[], $9::text[], $10::text[], $11::bytea[], $12::jsonb[]) WITH ORDINALITY
    AS record (uuid, topic, key, value, headers, position)
  WHERE record.uuid IN (SELECT uuid FROM ledger)
  ORDER BY position`;

const acceptParameters = (batch: Acceptance[]) => [
  ...ledgerRowParameters(batch.map((entry) => entry.row)),
  ...outboxRowParameters(batch.map((entry) => entry.record)),
];

/** An accept that claims an Idempotency-Key: the claim and the write commit together. */
export interface KeyedAccept {
  keys: KeyClaims;
  accept(batch: Acceptance[]): Promise<void>;
}

/** The accept's one write, alone or inside a transaction that claims an Idempotency-Key with it. */
@Injectable()
export class AcceptRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: IdempotencyKeysRepository,
  ) {}

  async accept(batch: Acceptance[]): Promise<void> {
    await queryRows(this.dataSource, ACCEPT_MESSAGES, acceptParameters(batch));
  }

  /** Runs `work` in one transaction, which claims keys and writes accepts within it. */
  keyed<T>(work: (tx: KeyedAccept) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) =>
      work({
        keys: this.keys.within(manager),
        accept: async (batch) => {
          await manager.query(ACCEPT_MESSAGES, acceptParameters(batch));
        },
      }),
    );
  }
}
