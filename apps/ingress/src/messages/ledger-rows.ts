import type { MessageStatusChange, MessageWarning, SendMessageDto } from '@herald/contracts';
import { MessageStatus } from '@herald/contracts';
import { lockInKeyOrder } from '@herald/persistence';
import { insertOutboxRows } from '../outbox/outbox-rows';

/** A new ledger row: a message as it is accepted. */
export interface LedgerRow {
  uuid: string;
  teamUuid: string;
  channelUuid: string;
  to: string;
  request: SendMessageDto;
  warnings: MessageWarning[] | null;
  /** Millisecond precision, as JavaScript keeps it: list cursors compare on it. */
  acceptedAt: Date;
}

/**
 * What the ledger warns of when it accepts a request: the same row whichever of the ingress (as it accepts) and
 * the ledger (from the event) writes it first.
 */
export function requestWarnings(request: SendMessageDto, assignedUserIsMember: boolean | undefined): MessageWarning[] | null {
  return assignedUserIsMember === false
    ? [{ code: 'assignee_not_member', message: `${request.assigned_user} is not a member of the team: the message is sent unassigned` }]
    : null;
}

/**
 * Writes any number of new ledger rows in one statement of fixed text (one array per column), so that a batch of
 * accepted messages costs one round trip and one plan. A row already there is left as it is.
 */
export const INSERT_LEDGER_ROWS = `
  INSERT INTO messages (uuid, team_uuid, channel_uuid, "to", request, status, status_history, warnings, created_at, updated_at)
  SELECT uuid, team_uuid, channel_uuid, "to", request, '${MessageStatus.Enqueued}', status_history, warnings, accepted_at, accepted_at
  FROM unnest($1::bpchar[], $2::uuid[], $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[], $7::jsonb[], $8::timestamptz[])
    AS row (uuid, team_uuid, channel_uuid, "to", request, status_history, warnings, accepted_at)
  ON CONFLICT (uuid) DO NOTHING`;

/**
 * Every statement that changes several ledger rows locks them in uuid order first: the ledger works each topic's
 * batches at the same time.
 */
export const lockInOrder = lockInKeyOrder('messages', 'uuid');

/**
 * Accepts messages: their ledger rows (parameters 1 to 8, as ledgerRowParameters) and their events in the outbox
 * (9 to 12, as outboxRowParameters), in one statement, so both are committed or neither is.
 */
export const ACCEPT_MESSAGES = `
  WITH ledger AS (${INSERT_LEDGER_ROWS})
  ${insertOutboxRows(9)}`;

export function ledgerRowParameters(rows: LedgerRow[]): unknown[] {
  const enqueued = (row: LedgerRow): MessageStatusChange[] => [{ status: MessageStatus.Enqueued, at: row.acceptedAt.toISOString() }];
  return [
    rows.map((row) => row.uuid),
    rows.map((row) => row.teamUuid),
    rows.map((row) => row.channelUuid),
    rows.map((row) => row.to),
    rows.map((row) => JSON.stringify(row.request)),
    rows.map((row) => JSON.stringify(enqueued(row))),
    rows.map((row) => (row.warnings ? JSON.stringify(row.warnings) : null)),
    rows.map((row) => row.acceptedAt),
  ];
}
