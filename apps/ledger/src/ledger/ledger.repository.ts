import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  MessageDispatchedData,
  MessageFailedData,
  MessageHeldData,
  MessageReadyData,
  MessageRejectedData,
  MessageStatus,
  MessageStatusChange,
  MessageStatusData,
} from '@herald/contracts';
import { INSERT_LEDGER_ROWS, LedgerRow, ledgerRowParameters, lockInOrder } from '@herald/ledger';
import { queryRows } from '@herald/persistence';
import { DataSource } from 'typeorm';
import type { Move } from './ledger.service';

/** The events about one message that can arrive before its ledger row, by what they record. */
export type EarlyEvent =
  | { kind: 'ready'; data: MessageReadyData }
  | { kind: 'dispatched'; data: MessageDispatchedData }
  | { kind: 'failed'; data: MessageFailedData }
  | { kind: 'rejected'; data: MessageRejectedData }
  | { kind: 'held'; data: MessageHeldData }
  | { kind: 'status'; data: MessageStatusData };

/**
 * How long an event waits for its message's row. Rows come from requests, seconds behind the events about them
 * at worst (a lagging consumer); a status that waits longer names a message this installation never had.
 */
const EARLY_EVENTS_KEPT_HOURS = 24;

/** A row's state as the ledger reads it before moving its status. */
export interface LedgerState {
  uuid: string;
  status: MessageStatus;
  status_history: MessageStatusChange[];
  provider_message_id: string | null;
  /** The phone number id of the message's channel. */
  channel_phone_number_id: string | null;
}

/**
 * The ledger worker's statements: each kind of event costs one or two per batch, not per message. Message uuids
 * travel as bpchar[], the column's own type: compared as text, the primary key's index would not serve.
 */
@Injectable()
export class LedgerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Of these messages, those whose rows are there. */
  async existing(uuids: string[]): Promise<Set<string>> {
    if (uuids.length === 0) return new Set();
    const rows = await queryRows<{ uuid: string }>(this.dataSource, `SELECT uuid FROM messages WHERE uuid = ANY($1::bpchar[])`, [uuids]);
    return new Set(rows.map((row) => row.uuid));
  }

  async insertRows(rows: LedgerRow[]): Promise<void> {
    await queryRows(this.dataSource, INSERT_LEDGER_ROWS, ledgerRowParameters(rows));
  }

  /** One column set for a batch, in one statement; answers the messages the ledger does not know. */
  async setOnce(column: keyof typeof SET_ONCE, values: Array<[uuid: string, value: string]>): Promise<Set<string>> {
    if (values.length === 0) return new Set();
    const unknown = await queryRows<{ uuid: string }>(this.dataSource, SET_ONCE[column], [
      values.map(([uuid]) => uuid),
      values.map(([, value]) => value),
    ]);
    return new Set(unknown.map((row) => row.uuid));
  }

  readStates(uuids: string[], providerMessageIds: string[]): Promise<LedgerState[]> {
    return queryRows<LedgerState>(this.dataSource, READ_STATES, [uuids, providerMessageIds]);
  }

  /** Writes each move only where nobody changed the row since it was read; answers the uuids written. */
  async writeMoves(moves: Move[]): Promise<Set<string>> {
    const written = await queryRows<{ uuid: string }>(this.dataSource, WRITE_MOVES, [
      moves.map((move) => move.read.uuid),
      moves.map((move) => move.status),
      moves.map((move) => JSON.stringify(move.history)),
      moves.map((move) => (move.failure ? JSON.stringify(move.failure) : null)),
      moves.map((move) => move.providerMessageId),
      moves.map((move) => move.read.status),
      moves.map((move) => move.read.status_history.length),
    ]);
    return new Set(written.map((row) => row.uuid));
  }

  /** The known channels' phone numbers among these, and how many statuses wait for rows on each. */
  earlyStatusesWaiting(phoneNumberIds: string[]): Promise<Array<{ phone_number_id: string; waiting: number }>> {
    return queryRows(this.dataSource, COUNT_EARLY_STATUSES, [phoneNumberIds]);
  }

  async park(events: EarlyEvent[]): Promise<void> {
    await queryRows(
      this.dataSource,
      `INSERT INTO early_events (message_uuid, kind, data) SELECT * FROM unnest($1::bpchar[], $2::text[], $3::jsonb[])`,
      [events.map((event) => event.data.messageUuid), events.map((event) => event.kind), events.map((event) => JSON.stringify(event.data))],
    );
  }

  earlyEventsOf(uuids: string[]): Promise<Array<EarlyEvent & { id: string }>> {
    return queryRows(this.dataSource, `SELECT id, kind, data FROM early_events WHERE message_uuid = ANY($1::bpchar[]) ORDER BY id`, [uuids]);
  }

  async forgetEarlyEvents(ids: string[]): Promise<void> {
    await queryRows(this.dataSource, `DELETE FROM early_events WHERE id = ANY($1::bigint[])`, [ids]);
  }

  async forgetStaleEarlyEvents(): Promise<void> {
    await queryRows(this.dataSource, `DELETE FROM early_events WHERE parked_at < now() - interval '${EARLY_EVENTS_KEPT_HOURS} hours'`);
  }
}

const READ_STATES = `
  SELECT uuid, status, status_history, provider_message_id,
         (SELECT c.phone_number_id FROM channels c WHERE c.uuid = messages.channel_uuid) AS channel_phone_number_id
  FROM messages
  WHERE uuid = ANY($1::bpchar[]) OR provider_message_id = ANY($2::text[])`;

/** The known channels' phone numbers among `$1`, and how many statuses wait for rows on each (an index counts them). */
const COUNT_EARLY_STATUSES = `
  SELECT known.phone_number_id,
         (SELECT count(*)::int FROM early_events e WHERE e.kind = 'status' AND e.data->>'phoneNumberId' = known.phone_number_id) AS waiting
  FROM (SELECT DISTINCT phone_number_id FROM channels WHERE phone_number_id = ANY($1::text[])) known`;

const WRITE_MOVES = `
  WITH locked AS MATERIALIZED (${lockInOrder})
  UPDATE messages m
  SET status = move.status, status_history = move.history, failure = coalesce(move.failure, m.failure),
      provider_message_id = coalesce(m.provider_message_id, move.provider_message_id), withdrawn_at = NULL, updated_at = now()
  FROM locked JOIN unnest($1::bpchar[], $2::text[], $3::jsonb[], $4::jsonb[], $5::text[], $6::text[], $7::int[])
    AS move (uuid, status, history, failure, provider_message_id, read_status, read_length) ON move.uuid = locked.uuid
  WHERE m.uuid = move.uuid AND m.status = move.read_status AND jsonb_array_length(m.status_history) = move.read_length
  RETURNING m.uuid`;

/**
 * Sets a column once for a batch (a repeated event changes nothing) and answers the uuids the ledger does not know.
 * The column name is part of the fixed text: one statement per column. A message erased with its contact is not
 * given its text back by a rendering that arrives after the erasure.
 */
const setOnceStatement = (column: 'rendered_text' | 'provider_message_id') => `
  WITH given AS (SELECT * FROM unnest($1::bpchar[], $2::text[]) AS given (uuid, value)),
  locked AS MATERIALIZED (${lockInOrder}),
  changed AS (
    UPDATE messages m SET ${column} = given.value, withdrawn_at = NULL, updated_at = now()
    FROM locked JOIN given ON given.uuid = locked.uuid WHERE m.uuid = given.uuid AND m.${column} IS DISTINCT FROM given.value${
      column === 'rendered_text' ? ' AND m.erased_at IS NULL' : ''
    }
  )
  SELECT DISTINCT given.uuid FROM given WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.uuid = given.uuid)`;

const SET_ONCE = { rendered_text: setOnceStatement('rendered_text'), provider_message_id: setOnceStatement('provider_message_id') };
