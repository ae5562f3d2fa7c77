import type { MessageStatusChange, MessageWarning, SendMessageDto } from '@herald/contracts';
import { MessageStatus } from '@herald/contracts';
import { lockInKeyOrder } from '@herald/persistence';

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
  /** Written hidden: a keyed message's row comes into view once Kafka has its event (MessagesService.send). */
  withdrawn?: boolean;
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
 * accepted messages costs one round trip and one plan. A row already there is left as it is: a withdrawn one
 * comes back with the next event about its message (ready, rejected or failed), which every request has, without
 * a lock taken here on every row the ledger sees again.
 */
export const INSERT_LEDGER_ROWS = `
  INSERT INTO messages (uuid, team_uuid, channel_uuid, "to", request, status, status_history, warnings, created_at, updated_at, withdrawn_at)
  SELECT uuid, team_uuid, channel_uuid, "to", request, '${MessageStatus.Enqueued}', status_history, warnings, accepted_at, accepted_at,
    CASE WHEN withdrawn THEN now() END
  FROM unnest($1::bpchar[], $2::uuid[], $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[], $7::jsonb[], $8::timestamptz[], $9::boolean[])
    AS row (uuid, team_uuid, channel_uuid, "to", request, status_history, warnings, accepted_at, withdrawn)
  ON CONFLICT (uuid) DO NOTHING`;

/**
 * Every statement that changes several ledger rows locks them in uuid order first: the ledger works each topic's
 * batches at the same time.
 */
export const lockInOrder = lockInKeyOrder('messages', 'uuid');

/**
 * Withdraws the rows of messages Kafka refused (their clients hear 503), those no event has touched yet. One the
 * ledger has already moved on (the event reached Kafka and the message went on while the produce was still being
 * retried) is on its way and stays visible.
 */
export const WITHDRAW_UNTOUCHED = `
  WITH locked AS MATERIALIZED (${lockInOrder})
  UPDATE messages m SET withdrawn_at = now()
  FROM locked WHERE m.uuid = locked.uuid
    AND jsonb_array_length(m.status_history) = 1 AND m.rendered_text IS NULL AND m.provider_message_id IS NULL`;

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
    rows.map((row) => row.withdrawn === true),
  ];
}
