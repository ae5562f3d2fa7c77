import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FailureReason, MessageReadyData, SealedSecret } from '@herald/contracts';
import { lockInKeyOrder, queryRows } from '@herald/persistence';
import { DataSource } from 'typeorm';
import type { DispatchState } from './dispatch.entity';
import { firstSlot, reserveSlots } from './send-slots.repository';

/** A message a replica claimed, with what it needs of its channel to send it. */
export interface ClaimedSend {
  messageUuid: string;
  claimToken: string;
  message: MessageReadyData;
  requestId: string | null;
  attempts: number;
  throttledRetries: number;
  /** How long until its channel's slot, in ms; the call is to leave then. */
  waitMs: number;
  /** When the call is to leave, by the database's clock. */
  calledAt: Date;
  channel: { phoneNumberId: string; accessTokenSealed: SealedSecret; messagesPerSecond: number; active: boolean } | null;
}

/** A message whose outcome is now known, for the rest of the platform to hear about. */
export interface SettledSend {
  message: MessageReadyData;
  requestId: string | null;
  state: DispatchState;
  providerMessageId: string | null;
  failure: FailureReason | null;
}

/** A ready message to store, with the request id its event carried. */
export interface ReadySend {
  message: MessageReadyData;
  requestId: string | undefined;
}

export interface Answer {
  messageUuid: string;
  providerMessageId: string;
}

export interface Refusal {
  messageUuid: string;
  failure: FailureReason;
}

export interface Retry {
  messageUuid: string;
  delayMs: number;
  throttled: boolean;
}

export interface Release {
  messageUuid: string;
  claimToken: string;
  /** Due again this long from now (none: at once). */
  delayMs?: number;
}

/** A status webhook naming a message, with the business number it came from. */
export interface NamedStatus {
  messageUuid: string;
  providerMessageId: string;
  phoneNumberId: string;
}

interface ClaimRow {
  message_uuid: string;
  claim_token: string;
  message: MessageReadyData;
  request_id: string | null;
  attempts: number;
  throttled_retries: number;
  phone_number_id: string | null;
  access_token_sealed: SealedSecret | null;
  messages_per_second: number | null;
  active: boolean | null;
  wait_ms: string | null;
  slot_at: Date;
}

interface SettledRow {
  message: MessageReadyData;
  request_id: string | null;
  state: DispatchState;
  provider_message_id: string | null;
  failure: FailureReason | null;
}

/**
 * The send rows of the uuids in `$1`, locked in uuid order: a replica settling a batch of sends while a status batch
 * reconciles some of them never waits for it in a cycle.
 */
const lockInOrder = lockInKeyOrder('dispatches', 'message_uuid');

/**
 * A send a status webhook can still settle: called, and either queued again or claimed, or under way with no wamid
 * noted yet. `d` is how the statement names the table, empty where it names it by itself.
 */
const settlesFromWebhook = (d = '') =>
  `${d}attempts > 0 AND (${d}state IN ('queued', 'claimed', 'unknown') OR (${d}state = 'sending' AND ${d}provider_message_id IS NULL))`;

/**
 * A send whose call lapsed with no answer, the reconcile window (`$1` ms) ago or more, by the watermark `$2` up to
 * which every status event is processed: a webhook naming it would have settled it.
 */
const outcomeStillUnknown = (d: string) =>
  `coalesce(${d}.lease_until, ${d}.updated_at) + $1 * interval '1 millisecond' < $2`;

/** Its channel's status webhooks named a call that left after this one's ended: WhatsApp never took this one. */
const laterCallHadStatus = (d: string, c: string) => `${c}.last_call_with_status_at > coalesce(${d}.lease_until, ${d}.updated_at)`;

/**
 * The send rows a status batch can settle, locked in uuid order. Nearly every status names a send already settled
 * (WhatsApp's `read` comes minutes after the answer was recorded, long after the service forgot it): those stay
 * unlocked, since locking a row is a write, which costs PostgreSQL CPU and WAL for nothing (docs/benchmarks.md).
 */
const lockSettlingInOrder = lockInKeyOrder('dispatches', 'message_uuid', settlesFromWebhook());

const settled = (row: SettledRow): SettledSend => ({
  message: row.message,
  requestId: row.request_id,
  state: row.state,
  providerMessageId: row.provider_message_id,
  failure: row.failure,
});

/** The rows of sends with a message to tell of (a row written before messages were stored has none). */
const withMessage = (rows: SettledRow[]): SettledSend[] => rows.filter((row) => row.message).map(settled);

/**
 * The send queue's statements (`dispatches`, with `channels` and `send_slots`), shared by every dispatcher replica.
 * Each is one atomic step of a message's life for a batch of messages, guarded by the state it expects, so two
 * replicas (or a replica and the webhook reconciler) never both act on one message.
 */
@Injectable()
export class DispatchQueueRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Stores ready messages in one statement, in the order given (a contact's messages go out in the order they are
   * stored); answers the uuids stored now. The others were stored before.
   */
  async enqueue(sends: ReadySend[]): Promise<Set<string>> {
    const rows = await queryRows<{ message_uuid: string }>(
      this.dataSource,
      `INSERT INTO dispatches (message_uuid, channel_uuid, recipient, message, request_id, state, attempts, not_before)
       SELECT ready.message_uuid, ready.channel_uuid, ready.recipient, ready.message, ready.request_id, 'queued', 0, now()
       FROM unnest($1::bpchar[], $2::uuid[], $3::text[], $4::jsonb[], $5::text[])
         WITH ORDINALITY AS ready(message_uuid, channel_uuid, recipient, message, request_id, position)
       ORDER BY ready.position
       ON CONFLICT (message_uuid) DO NOTHING
       RETURNING message_uuid`,
      [
        sends.map(({ message }) => message.messageUuid),
        sends.map(({ message }) => message.channelUuid),
        sends.map(({ message }) => message.to),
        sends.map(({ message }) => JSON.stringify(message)),
        sends.map(({ requestId }) => requestId ?? null),
      ],
    );
    return new Set(rows.map((row) => row.message_uuid));
  }

  /** The sends among these whose outcome is known (sent or failed). */
  async findSettled(messageUuids: string[]): Promise<SettledSend[]> {
    const rows = await queryRows<SettledRow>(
      this.dataSource,
      `SELECT message, request_id, state, provider_message_id, failure FROM dispatches
       WHERE message_uuid = ANY($1::bpchar[]) AND state IN ('sent', 'failed') AND message IS NOT NULL`,
      [messageUuids],
    );
    return rows.map(settled);
  }

  /**
   * Claims up to `limit` messages that are due, each the oldest open message of its contact (so a contact's
   * messages go out one after another, in order), skipping rows another replica is claiming right now. In the same
   * statement each claimed send of a channel that can send takes its channel's next slot and counts as under way
   * (`sending`) from there, until `callLeaseMs` after its slot: the call leaves when its slot comes, with no
   * statement between. A send whose channel cannot send is only `claimed`, for `claimLeaseMs`, to be failed. The rows
   * are updated by primary key (`= ANY` of an array): joined to the CTE instead, the planner hashed the claim
   * against a scan of the whole table, every message ever sent included.
   */
  async claim(limit: number, claimLeaseMs: number, callLeaseMs: number): Promise<ClaimedSend[]> {
    const token = randomUUID();
    const rows = await queryRows<ClaimRow>(
      this.dataSource,
      `WITH due AS (
         SELECT q.message_uuid, q.channel_uuid, q.seq FROM dispatches q
         WHERE q.state = 'queued' AND q.not_before <= now()
           AND NOT EXISTS (
             SELECT 1 FROM dispatches e
             WHERE e.channel_uuid = q.channel_uuid AND e.recipient = q.recipient AND e.seq < q.seq
               AND e.state IN ('queued', 'claimed', 'sending'))
         ORDER BY q.seq
         LIMIT $1
         FOR UPDATE SKIP LOCKED
       ),
       ranked AS (
         SELECT due.message_uuid, due.channel_uuid, c.messages_per_second,
                coalesce(c.active AND c.phone_number_id IS NOT NULL AND c.access_token_sealed IS NOT NULL, false) AS sendable,
                row_number() OVER (PARTITION BY due.channel_uuid ORDER BY due.seq) - 1 AS position
         FROM due LEFT JOIN channels c ON c.uuid = due.channel_uuid
       ),
       wanted AS (
         SELECT channel_uuid, ceil(1000000.0 / messages_per_second)::bigint AS spacing_us, count(*)::int AS count
         FROM ranked WHERE sendable GROUP BY channel_uuid, messages_per_second
       ),
       slots AS (${reserveSlots('wanted')}),
       timed AS (
         SELECT ranked.message_uuid, ranked.sendable,
                ${firstSlot('slots', 'wanted')} + ranked.position * wanted.spacing_us * interval '1 microsecond' AS slot_at
         FROM ranked LEFT JOIN wanted USING (channel_uuid) LEFT JOIN slots USING (channel_uuid)
       ),
       claimed AS (
         UPDATE dispatches d
         SET state = CASE WHEN timed.sendable THEN 'sending' ELSE 'claimed' END,
             attempts = d.attempts + timed.sendable::int,
             claim_token = $2,
             lease_until = CASE WHEN timed.sendable THEN greatest(timed.slot_at, now()) + $4 * interval '1 millisecond'
                                ELSE now() + $3 * interval '1 millisecond' END,
             called_at = CASE WHEN timed.sendable THEN greatest(timed.slot_at, now()) ELSE d.called_at END,
             updated_at = now()
         FROM timed
         WHERE d.message_uuid = ANY (ARRAY(SELECT message_uuid FROM due)) AND timed.message_uuid = d.message_uuid
         RETURNING d.message_uuid, d.channel_uuid, d.seq, d.claim_token, d.message, d.request_id,
                   d.attempts - timed.sendable::int AS attempts, d.throttled_retries, d.called_at AS slot_at
       )
       SELECT claimed.*, c.phone_number_id, c.access_token_sealed, c.messages_per_second, c.active,
              greatest(0, ceil(extract(epoch FROM (coalesce(claimed.slot_at, now()) - clock_timestamp())) * 1000)) AS wait_ms
       FROM claimed LEFT JOIN channels c ON c.uuid = claimed.channel_uuid
       ORDER BY claimed.seq`,
      [limit, token, claimLeaseMs, callLeaseMs],
    );
    return rows.map((row) => ({
      messageUuid: row.message_uuid,
      claimToken: row.claim_token,
      message: row.message,
      requestId: row.request_id,
      attempts: row.attempts,
      throttledRetries: row.throttled_retries,
      waitMs: Number(row.wait_ms ?? 0),
      calledAt: row.slot_at ?? new Date(),
      channel:
        row.phone_number_id !== null && row.access_token_sealed !== null
          ? {
              phoneNumberId: row.phone_number_id,
              accessTokenSealed: row.access_token_sealed,
              messagesPerSecond: row.messages_per_second ?? 80,
              active: row.active ?? false,
            }
          : null,
    }));
  }

  /** WhatsApp took these messages. Also when a webhook already said so: the wamid is the same. */
  async markSent(answers: Answer[]): Promise<void> {
    await queryRows(
      this.dataSource,
      `WITH locked AS MATERIALIZED (${lockInOrder})
       UPDATE dispatches d
       SET state = 'sent', provider_message_id = answer.provider_message_id, lease_until = NULL, claim_token = NULL, updated_at = now()
       FROM locked JOIN unnest($1::bpchar[], $2::text[]) AS answer(message_uuid, provider_message_id) ON answer.message_uuid = locked.message_uuid
       WHERE d.message_uuid = locked.message_uuid AND d.state IN ('sending', 'sent')`,
      [answers.map((answer) => answer.messageUuid), answers.map((answer) => answer.providerMessageId)],
    );
  }

  /** Refused for good: only a send still open ends failed. */
  async markFailed(refusals: Refusal[]): Promise<void> {
    await queryRows(
      this.dataSource,
      `WITH locked AS MATERIALIZED (${lockInOrder})
       UPDATE dispatches d
       SET state = 'failed', failure = refusal.failure, lease_until = NULL, claim_token = NULL, updated_at = now()
       FROM locked JOIN unnest($1::bpchar[], $2::jsonb[]) AS refusal(message_uuid, failure) ON refusal.message_uuid = locked.message_uuid
       WHERE d.message_uuid = locked.message_uuid AND d.state IN ('queued', 'claimed', 'sending')`,
      [refusals.map((refusal) => refusal.messageUuid), refusals.map((refusal) => JSON.stringify(refusal.failure))],
    );
  }

  /** Back in the queue until each one's delay from now; a throttled retry gives its attempt back to the budget. */
  async retryLater(retries: Retry[]): Promise<void> {
    await queryRows(
      this.dataSource,
      `WITH locked AS MATERIALIZED (${lockInOrder})
       UPDATE dispatches d
       SET state = 'queued', not_before = now() + retry.delay_ms * interval '1 millisecond', lease_until = NULL, claim_token = NULL,
           throttled_retries = d.throttled_retries + retry.throttled, attempts = d.attempts - retry.throttled, updated_at = now()
       FROM locked JOIN unnest($1::bpchar[], $2::int[], $3::int[]) AS retry(message_uuid, delay_ms, throttled) ON retry.message_uuid = locked.message_uuid
       WHERE d.message_uuid = locked.message_uuid AND d.state IN ('claimed', 'sending')`,
      [retries.map((retry) => retry.messageUuid), retries.map((retry) => retry.delayMs), retries.map((retry) => (retry.throttled ? 1 : 0))],
    );
  }

  /** Claims given back with no call made, each only while it is still the claim with that token. */
  async release(releases: Release[]): Promise<void> {
    await queryRows(
      this.dataSource,
      `WITH locked AS MATERIALIZED (${lockInOrder})
       UPDATE dispatches d
       SET state = 'queued', attempts = d.attempts - (d.state = 'sending')::int, lease_until = NULL, claim_token = NULL,
           not_before = greatest(d.not_before, now() + released.delay_ms * interval '1 millisecond'), updated_at = now()
       FROM locked JOIN unnest($1::bpchar[], $2::uuid[], $3::int[]) AS released(message_uuid, claim_token, delay_ms) ON released.message_uuid = locked.message_uuid
       WHERE d.message_uuid = locked.message_uuid AND d.state IN ('claimed', 'sending') AND d.claim_token = released.claim_token`,
      [releases.map((release) => release.messageUuid), releases.map((release) => release.claimToken), releases.map((release) => release.delayMs ?? 0)],
    );
  }

  /**
   * Calls that gave no answer: each lease ends now, so the reconcile window starts; a send whose wamid a webhook
   * already noted is settled as sent at once. Answers, for each uuid in order, the send settled now or null.
   */
  async markOutcomeUnknown(messageUuids: string[]): Promise<Array<SettledSend | null>> {
    const rows = await queryRows<SettledRow & { message_uuid: string }>(
      this.dataSource,
      `WITH locked AS MATERIALIZED (${lockInOrder})
       UPDATE dispatches d
       SET lease_until = now(),
           state = CASE WHEN d.provider_message_id IS NULL THEN d.state ELSE 'sent' END,
           updated_at = now()
       FROM locked
       WHERE d.message_uuid = locked.message_uuid AND d.state = 'sending'
       RETURNING d.message_uuid, d.message, d.request_id, d.state, d.provider_message_id, d.failure`,
      [messageUuids],
    );
    const sent = new Map(rows.filter((row) => row.state === 'sent').map((row) => [row.message_uuid, settled(row)]));
    return messageUuids.map((messageUuid) => sent.get(messageUuid) ?? null);
  }

  /**
   * Status webhooks named these messages, so WhatsApp took them, if they came from the phone number id of the
   * message's channel: a status from another number proves nothing about this send. While a call is under way the
   * wamid is only noted (the call's answer settles it); a send whose outcome was unknown, or that was queued again,
   * is settled as sent. Their channels' `last_call_with_status_at` moves on to the latest of their calls. Answers the
   * sends settled as sent now.
   */
  async reconcile(statuses: NamedStatus[]): Promise<SettledSend[]> {
    const messageUuids = statuses.map((status) => status.messageUuid);
    const rows = await queryRows<SettledRow>(
      this.dataSource,
      `WITH locked AS MATERIALIZED (${lockSettlingInOrder})
       UPDATE dispatches d
       SET provider_message_id = coalesce(d.provider_message_id, named.provider_message_id),
           state = CASE WHEN d.state = 'sending' AND d.lease_until > now() THEN d.state ELSE 'sent' END,
           lease_until = CASE WHEN d.state = 'sending' AND d.lease_until > now() THEN d.lease_until END,
           claim_token = NULL,
           updated_at = now()
       FROM locked JOIN unnest($1::bpchar[], $2::text[], $3::text[]) AS named(message_uuid, provider_message_id, phone_number_id)
         ON named.message_uuid = locked.message_uuid
       WHERE d.message_uuid = locked.message_uuid AND ${settlesFromWebhook('d.')}
         AND EXISTS (SELECT 1 FROM channels c WHERE c.uuid = d.channel_uuid AND c.phone_number_id = named.phone_number_id)
       RETURNING d.message, d.request_id, d.state, d.provider_message_id, d.failure`,
      [messageUuids, statuses.map((status) => status.providerMessageId), statuses.map((status) => status.phoneNumberId)],
    );
    await this.moveCallsWithStatus(
      `SELECT channel_uuid, max(called_at) FROM dispatches WHERE message_uuid = ANY($1::bpchar[]) AND called_at IS NOT NULL GROUP BY channel_uuid`,
      [messageUuids],
    );
    return rows.filter((row) => row.state === 'sent').map(settled);
  }

  /** Held sends queued again at once; a send a webhook settled meanwhile is left as it is. */
  async resend(messageUuids: string[]): Promise<void> {
    await queryRows(
      this.dataSource,
      `WITH locked AS MATERIALIZED (${lockInOrder})
       UPDATE dispatches d SET state = 'queued', not_before = now(), lease_until = NULL, updated_at = now()
       FROM locked WHERE d.message_uuid = locked.message_uuid AND d.state = 'unknown'`,
      [messageUuids],
    );
  }

  /** Held sends failed with `failure`; answers those failed now. */
  async abandon(messageUuids: string[], failure: FailureReason): Promise<SettledSend[]> {
    const rows = await queryRows<SettledRow>(
      this.dataSource,
      `WITH locked AS MATERIALIZED (${lockInOrder})
       UPDATE dispatches d SET state = 'failed', failure = $2, lease_until = NULL, updated_at = now()
       FROM locked WHERE d.message_uuid = locked.message_uuid AND d.state = 'unknown'
       RETURNING d.message, d.request_id, d.state, d.provider_message_id, d.failure`,
      [messageUuids, JSON.stringify(failure)],
    );
    return withMessage(rows);
  }

  /** Claims whose lease lapsed go back to the queue; rows another statement holds are left for next time. */
  async requeueLapsedClaims(): Promise<void> {
    await queryRows(
      this.dataSource,
      `UPDATE dispatches SET state = 'queued', lease_until = NULL, claim_token = NULL, updated_at = now()
       WHERE message_uuid IN (SELECT message_uuid FROM dispatches WHERE state = 'claimed' AND lease_until < now() FOR UPDATE SKIP LOCKED)`,
    );
  }

  /** Moves channels' `last_call_with_status_at` forward to these calls, each a (channel uuid, call time) pair. */
  async recordCallsWithStatus(calls: Array<[channelUuid: string, calledAt: Date]>): Promise<void> {
    await this.moveCallsWithStatus(`SELECT * FROM unnest($1::uuid[], $2::timestamptz[])`, [
      calls.map(([channelUuid]) => channelUuid),
      calls.map(([, calledAt]) => calledAt),
    ]);
  }

  /**
   * How many sends, their reconcile window (`reconcileWindowMs`) over, wait for their status events to be caught up
   * with: calls with no answer nor wamid, and held sends a later call of their channel may release.
   */
  async countAwaitingReconcile(reconcileWindowMs: number): Promise<number> {
    const [waiting] = await queryRows<{ n: number }>(
      this.dataSource,
      `SELECT count(*)::int AS n FROM dispatches d LEFT JOIN channels c ON c.uuid = d.channel_uuid
       WHERE coalesce(d.lease_until, d.updated_at) < now() - $1 * interval '1 millisecond'
         AND ((d.state = 'sending' AND d.provider_message_id IS NULL) OR (d.state = 'unknown' AND ${laterCallHadStatus('d', 'c')}))`,
      [reconcileWindowMs],
    );
    return waiting.n;
  }

  /**
   * Sends of unknown outcome, their window over by the status watermark `caughtUpTo`, that WhatsApp never took (a
   * status webhook named a later call of their channel): queued again.
   */
  async requeueNeverTaken(reconcileWindowMs: number, caughtUpTo: Date): Promise<void> {
    await queryRows(
      this.dataSource,
      `UPDATE dispatches SET state = 'queued', lease_until = NULL, updated_at = now()
       WHERE message_uuid IN (
         SELECT d.message_uuid FROM dispatches d JOIN channels c ON c.uuid = d.channel_uuid
         WHERE ((d.state = 'sending' AND d.provider_message_id IS NULL) OR d.state = 'unknown')
           AND ${outcomeStillUnknown('d')} AND ${laterCallHadStatus('d', 'c')}
         FOR UPDATE OF d SKIP LOCKED)`,
      [reconcileWindowMs, caughtUpTo],
    );
  }

  /** Calls with no answer nor webhook, their window over by the watermark `caughtUpTo`: held as `unknown`, answered. */
  async holdUnanswered(reconcileWindowMs: number, caughtUpTo: Date): Promise<SettledSend[]> {
    const rows = await queryRows<SettledRow>(
      this.dataSource,
      `UPDATE dispatches SET state = 'unknown', updated_at = now()
       WHERE message_uuid IN (
         SELECT d.message_uuid FROM dispatches d
         WHERE d.state = 'sending' AND d.provider_message_id IS NULL AND ${outcomeStillUnknown('d')}
         FOR UPDATE SKIP LOCKED)
       RETURNING message, request_id, state, provider_message_id, failure`,
      [reconcileWindowMs, caughtUpTo],
    );
    return withMessage(rows);
  }

  /** Calls whose lease lapsed after a webhook noted their wamid: sent; answers them. */
  async settleNoted(): Promise<SettledSend[]> {
    const rows = await queryRows<SettledRow>(
      this.dataSource,
      `UPDATE dispatches SET state = 'sent', lease_until = NULL, updated_at = now()
       WHERE message_uuid IN (
         SELECT message_uuid FROM dispatches
         WHERE state = 'sending' AND provider_message_id IS NOT NULL AND coalesce(lease_until, updated_at) < now()
         FOR UPDATE SKIP LOCKED)
       RETURNING message, request_id, state, provider_message_id, failure`,
    );
    return withMessage(rows);
  }

  /** Moves channels' `last_call_with_status_at` forward to the (channel uuid, call time) pairs `source` selects. */
  private async moveCallsWithStatus(source: string, parameters: unknown[]): Promise<void> {
    await queryRows(
      this.dataSource,
      `UPDATE channels c SET last_call_with_status_at = seen.called_at
       FROM (${source}) AS seen(channel_uuid, called_at)
       WHERE c.uuid = seen.channel_uuid AND (c.last_call_with_status_at IS NULL OR c.last_call_with_status_at < seen.called_at)`,
      parameters,
    );
  }
}
