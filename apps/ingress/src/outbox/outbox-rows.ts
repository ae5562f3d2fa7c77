/** An event as the outbox keeps it until the relay has it on Kafka: its bytes are those the broker will get. */
export interface OutboxRecord {
  topic: string;
  key: string;
  value: Buffer;
  headers?: Record<string, string>;
}

/** A record as the relay claims it. */
export interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string> | null;
}

/** The parameters of records to append to the outbox, in their order: topics, keys, values, headers. */
export function outboxRowParameters(records: OutboxRecord[]): unknown[] {
  return [
    records.map((record) => record.topic),
    records.map((record) => record.key),
    records.map((record) => record.value),
    records.map((record) => (record.headers ? JSON.stringify(record.headers) : null)),
  ];
}

/**
 * Takes the relay's turn: one replica at a time relays (a lock per schema, so two installations sharing a database
 * do not wait on each other), so a later event of a contact never overtakes an earlier one. Held until the
 * transaction ends.
 */
export const TAKE_RELAY_TURN = `SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox')) AS taken`;

/** The oldest records; a row another transaction holds (being deleted) is passed over rather than waited for. */
export const CLAIM_OUTBOX_ROWS = `SELECT id, topic, key, value, headers FROM outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`;

export const DELETE_OUTBOX_ROWS = `DELETE FROM outbox WHERE id = ANY($1::bigint[])`;

export const COUNT_OUTBOX_ROWS = `SELECT count(*)::int AS backlog FROM outbox`;

/** Appends records to the outbox, in the order given (the relay sends by id), within the caller's transaction. */
export const APPEND_OUTBOX_ROWS = `
  INSERT INTO outbox (topic, key, value, headers)
  SELECT topic, key, value, headers
  FROM unnest($1::text[], $2::text[], $3::bytea[], $4::jsonb[]) WITH ORDINALITY AS record (topic, key, value, headers, position)
  ORDER BY position`;
