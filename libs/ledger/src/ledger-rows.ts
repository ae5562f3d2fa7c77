import type { MessageStatusChange, MessageWarning, SendMessageDto } from '@herald/contracts';
import { MessageStatus } from '@herald/contracts';
import { lockInKeyOrder } from '@herald/persistence';
import { LEDGER_SCHEMA } from './ledger-schema';

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

const ledgerRowsInsert = (withdrawn: boolean) => `
  INSERT INTO ${LEDGER_SCHEMA}.messages (uuid, team_uuid, channel_uuid, "to", request, status, status_history, warnings, created_at, updated_at, withdrawn_at)
  SELECT uuid, team_uuid, channel_uuid, "to", request, '${MessageStatus.Enqueued}', status_history, warnings, accepted_at, accepted_at,
    ${withdrawn ? 'now()' : 'NULL::timestamptz'}
  FROM unnest($1::bpchar[], $2::uuid[], $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[], $7::jsonb[], $8::timestamptz[])
    AS row (uuid, team_uuid, channel_uuid, "to", request, status_history, warnings, accepted_at)
  ON CONFLICT (uuid) DO NOTHING
  RETURNING uuid`;

/**
 * Writes any number of new ledger rows in one statement of fixed text (one array per column, ledgerRowParameters),
 * so that a batch of accepted messages costs one round trip and one plan. A row already there is left as it is; the
 * uuids of the rows written are returned, so the statement can stand in a `WITH` beside the writer's own write and
 * commit with it.
 */
export const INSERT_LEDGER_ROWS = ledgerRowsInsert(false);

/**
 * Settles the accepts whose outcome the ingress did not hear (the connection failed while the statement was under
 * way): writes each message's row withdrawn (hidden, and deleted by the retention sweep), unless the accept's own
 * row is there. The uuid is the row's key, so this waits for an accept still under way; the uuids it answers were
 * never accepted and never can be (ACCEPT_MESSAGES writes no event for a row it could not write), the others were.
 */
export const WITHDRAW_UNSETTLED = ledgerRowsInsert(true);

/**
 * Every statement that changes several ledger rows locks them in uuid order first: the ledger works each topic's
 * batches at the same time.
 */
export const lockInOrder = lockInKeyOrder(`${LEDGER_SCHEMA}.messages`, 'uuid');

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

/**
 * Deletes up to `$2` rows withdrawn more than `$1` hours ago (refused messages: never sent, never shown), for the
 * ingress's retention sweep: the ingress withdraws them, and lets go of them once its idempotency window is past.
 */
export const DELETE_WITHDRAWN_ROWS = `
  DELETE FROM ${LEDGER_SCHEMA}.messages
  WHERE uuid IN (
    SELECT uuid FROM ${LEDGER_SCHEMA}.messages WHERE withdrawn_at IS NOT NULL AND created_at < now() - make_interval(hours => $1) LIMIT $2
  )
  RETURNING 1`;
