import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryRows } from '@herald/persistence';
import { DataSource, EntityManager } from 'typeorm';
import {
  APPEND_OUTBOX_ROWS,
  CLAIM_OUTBOX_ROWS,
  COUNT_OUTBOX_ROWS,
  DELETE_OUTBOX_ROWS,
  OutboxRecord,
  OutboxRow,
  outboxRowParameters,
  TAKE_RELAY_TURN,
} from './outbox-rows';

/** What the relay does with the outbox within its turn: claim the oldest records, delete those Kafka has. */
export interface RelayTurn {
  claim(limit: number): Promise<OutboxRow[]>;
  remove(ids: string[]): Promise<void>;
}

/** The outbox's queries: the relay's turn in one transaction, and the backlog. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in one transaction holding the relay's turn (TAKE_RELAY_TURN), or answers `idle` at once while
   * another replica holds it.
   */
  inRelayTurn<T>(work: (turn: RelayTurn) => Promise<T>, idle: T): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const [{ taken }] = (await manager.query(TAKE_RELAY_TURN)) as Array<{ taken: boolean }>;
      if (!taken) return idle;
      return work({
        claim: async (limit) => (await manager.query(CLAIM_OUTBOX_ROWS, [limit])) as OutboxRow[],
        remove: async (ids) => {
          await manager.query(DELETE_OUTBOX_ROWS, [ids]);
        },
      });
    });
  }

  /** Appends records within a transaction of another repository's (what they record commits with its event). */
  async appendWithin(manager: EntityManager, records: OutboxRecord[]): Promise<void> {
    if (records.length > 0) await manager.query(APPEND_OUTBOX_ROWS, outboxRowParameters(records));
  }

  /** The events accepted and not yet on Kafka. */
  async backlog(): Promise<number> {
    const [{ backlog }] = await queryRows<{ backlog: number }>(this.dataSource, COUNT_OUTBOX_ROWS);
    return backlog;
  }
}
