import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FailureReason, MessageReadyData, SealedSecret } from '@herald/contracts';
import { Batcher, lockInKeyOrder, queryRows } from '@herald/persistence';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import type { DispatchState } from './dispatch.entity';
import { firstSlot, reserveSlots } from './rate-limiter.service';

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

interface Answer {
  messageUuid: string;
  providerMessageId: string;
}

/** A call this replica saw answered, for the status webhooks that name it. */
interface SentHere {
  channelUuid: string;
  calledAt: Date;
}

interface Refusal {
  messageUuid: string;
  failure: FailureReason;
}

interface Retry {
  messageUuid: string;
  delayMs: number;
  throttled: boolean;
}

interface Release {
  messageUuid: string;
  claimToken: string;
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
 * (WhatsApp's `read` comes minutes after the answer was recorded, long after sentHere forgot it): those stay
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

/**
 * The send queue in PostgreSQL, shared by every dispatcher replica. Each statement is one atomic step of a
 * message's life, guarded by the state it expects, so two replicas (or a replica and the webhook reconciler) never
 * both act on one message.
 */
@Injectable()
export class DispatchQueueService {
  /**
   * Messages this replica saw accepted: their status webhooks (three each) need no reconciling, and skipping them
   * here saves a statement per webhook. WhatsApp's statuses follow a send within seconds, so 20 s of sends at
   * 1,000/s cover them; a status later than that costs its contract check and a share of one statement, as any
   * other replica's does. A larger cache would cost the dispatcher memory it needs under its RSS target
   * (docs/benchmarks.md, "The dispatcher's memory of the sends it answered").
   */
  private readonly sentHere = new LRUCache<string, SentHere>({ max: 20_000 });
  /** The latest call per channel that a status webhook named, seen here and not yet recorded (see sweep). */
  private readonly callsWithStatus = new Map<string, Date>();

  // Each step of the send path is one statement for every send that takes it within one turn, or while the step's
  // previous statement is under way: under load a dozen or a hundred messages per round trip instead of one.
  private readonly answers = new Batcher<Answer>((answers) => this.markSentTogether(answers));
  private readonly refusals = new Batcher<Refusal>((refusals) => this.markFailedTogether(refusals));
  private readonly retries = new Batcher<Retry>((retries) => this.retryLaterTogether(retries));
  private readonly releases = new Batcher<Release>((releases) => this.releaseTogether(releases));
  private readonly unanswered = new Batcher<string, SettledSend | null>((messageUuids) => this.markOutcomeUnknownTogether(messageUuids));

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Stores a batch of ready messages in one statement, in the order given (a contact's messages go out in the
   * order they are stored); answers the uuids stored now. The others were stored before: Kafka delivered their
   * events again.
   */
  async enqueue(messages: Array<{ message: MessageReadyData; requestId: string | undefined }>): Promise<Set<string>> {
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
        messages.map(({ message }) => message.messageUuid),
        messages.map(({ message }) => message.channelUuid),
        messages.map(({ message }) => message.to),
        messages.map(({ message }) => JSON.stringify(message)),
        messages.map(({ requestId }) => requestId ?? null),
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

  /** WhatsApp took the message. Also when a webhook already said so: the wamid is the same. */
  async markSent(send: Pick<ClaimedSend, 'messageUuid' | 'calledAt'> & { channelUuid: string }, providerMessageId: string): Promise<void> {
    await this.answers.submit({ messageUuid: send.messageUuid, providerMessageId });
    // Only once recorded: a webhook for a send whose answer was not recorded must still reach the database.
    this.sentHere.set(send.messageUuid, { channelUuid: send.channelUuid, calledAt: send.calledAt });
  }

  markFailed(messageUuid: string, failure: FailureReason): Promise<void> {
    return this.refusals.submit({ messageUuid, failure });
  }

  /** Back in the queue until `delayMs` from now; a throttled retry does not use up the attempts' budget. */
  retryLater(messageUuid: string, delayMs: number, throttled: boolean): Promise<void> {
    return this.retries.submit({ messageUuid, delayMs, throttled });
  }

  /** A claim given back with no call made (the replica is shutting down). */
  release(send: ClaimedSend): Promise<void> {
    return this.releases.submit({ messageUuid: send.messageUuid, claimToken: send.claimToken });
  }

  /**
   * The call gave no answer: WhatsApp may have taken the message. The lease ends now, so the reconcile window
   * starts; if a webhook already named the message, it is settled as sent at once.
   */
  markOutcomeUnknown(messageUuid: string): Promise<SettledSend | null> {
    return this.unanswered.submit(messageUuid);
  }

  /**
   * Whether a status naming this message could settle anything: not when this replica recorded its answer. Such a
   * status still shows its channel's webhooks arrive, which the next sweep records.
   */
  mayNeedReconciling(messageUuid: string): boolean {
    const sent = this.sentHere.get(messageUuid);
    if (!sent) return true;
    const known = this.callsWithStatus.get(sent.channelUuid);
    if (!known || known < sent.calledAt) this.callsWithStatus.set(sent.channelUuid, sent.calledAt);
    return false;
  }

  /**
   * Status webhooks named these messages, so WhatsApp took them, if they came from the phone number id of the
   * message's channel: a status from another number proves nothing about this send (the ledger logs it). While a
   * call is under way the wamid is only noted (the call's answer settles it); a send whose outcome was unknown, or
   * that was queued again, is settled as sent. One statement for the batch, after skipping the messages this replica
   * saw accepted.
   */
  async reconcile(statuses: Array<{ messageUuid: string; providerMessageId: string; phoneNumberId: string }>): Promise<SettledSend[]> {
    const unsettled = statuses.filter((status) => this.mayNeedReconciling(status.messageUuid));
    if (unsettled.length === 0) return [];
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
      [
        unsettled.map((status) => status.messageUuid),
        unsettled.map((status) => status.providerMessageId),
        unsettled.map((status) => status.phoneNumberId),
      ],
    );
    await this.recordCallsWithStatus(
      `SELECT channel_uuid, max(called_at) FROM dispatches WHERE message_uuid = ANY($1::bpchar[]) AND called_at IS NOT NULL GROUP BY channel_uuid`,
      [unsettled.map((status) => status.messageUuid)],
    );
    return rows.filter((row) => row.state === 'sent').map(settled);
  }

  /**
   * An operator's decisions about held sends: `resend` queues one again at once, `abandon` fails it. Only a send
   * still held is changed (a webhook may have settled it meanwhile); answers the sends abandoned now.
   */
  async decide(decisions: Array<{ messageUuid: string; decision: 'resend' | 'abandon' }>, abandoned: FailureReason): Promise<SettledSend[]> {
    const pick = (decision: 'resend' | 'abandon') => decisions.filter((entry) => entry.decision === decision).map((entry) => entry.messageUuid);
    await queryRows(
      this.dataSource,
      `WITH locked AS MATERIALIZED (${lockInOrder})
       UPDATE dispatches d SET state = 'queued', not_before = now(), lease_until = NULL, updated_at = now()
       FROM locked WHERE d.message_uuid = locked.message_uuid AND d.state = 'unknown'`,
      [pick('resend')],
    );
    const rows = await queryRows<SettledRow>(
      this.dataSource,
      `WITH locked AS MATERIALIZED (${lockInOrder})
       UPDATE dispatches d SET state = 'failed', failure = $2, lease_until = NULL, updated_at = now()
       FROM locked WHERE d.message_uuid = locked.message_uuid AND d.state = 'unknown'
       RETURNING d.message, d.request_id, d.state, d.provider_message_id, d.failure`,
      [pick('abandon'), JSON.stringify(abandoned)],
    );
    return rows.filter((row) => row.message).map(settled);
  }

  /** Moves channels' `last_call_with_status_at` forward to the (channel uuid, call time) pairs `source` selects. */
  private async recordCallsWithStatus(source: string, parameters: unknown[]): Promise<void> {
    await queryRows(
      this.dataSource,
      `UPDATE channels c SET last_call_with_status_at = seen.called_at
       FROM (${source}) AS seen(channel_uuid, called_at)
       WHERE c.uuid = seen.channel_uuid AND (c.last_call_with_status_at IS NULL OR c.last_call_with_status_at < seen.called_at)`,
      parameters,
    );
  }

  /**
   * Housekeeping any replica may do: lapsed claims go back to the queue, and sends a webhook named are settled as
   * sent. Rows another statement holds right now are left for the next sweep rather than waited for.
   *
   * A send whose outcome stayed unknown for the whole reconcile window is looked at only once every status event
   * published before its window ended was processed (`statusesCaughtUp`): a webhook still waiting in Kafka (the
   * dispatcher restarting, the broker back from an outage) must settle its send, not lose a race to a resend. Then it
   * is queued again only if a status webhook named a later call of its channel: the channel's webhooks arrive, so
   * WhatsApp never took it. Otherwise its webhooks may be late or lost (a wrong app secret, an outage at Meta) and a
   * resend could deliver it twice: it is held as `unknown`, and answered for the platform to show (`held`), until its
   * own webhook or one of a later call settles it.
   */
  async sweep(reconcileWindowMs: number, statusesCaughtUp: () => Promise<Date | null>): Promise<{ settled: SettledSend[]; held: SettledSend[] }> {
    await queryRows(
      this.dataSource,
      `UPDATE dispatches SET state = 'queued', lease_until = NULL, claim_token = NULL, updated_at = now()
       WHERE message_uuid IN (SELECT message_uuid FROM dispatches WHERE state = 'claimed' AND lease_until < now() FOR UPDATE SKIP LOCKED)`,
    );
    if (this.callsWithStatus.size > 0) {
      const seen = [...this.callsWithStatus];
      this.callsWithStatus.clear();
      await this.recordCallsWithStatus(`SELECT * FROM unnest($1::uuid[], $2::timestamptz[])`, [
        seen.map(([channelUuid]) => channelUuid),
        seen.map(([, calledAt]) => calledAt),
      ]);
    }
    const [waiting] = await queryRows<{ n: number }>(
      this.dataSource,
      `SELECT count(*)::int AS n FROM dispatches d LEFT JOIN channels c ON c.uuid = d.channel_uuid
       WHERE coalesce(d.lease_until, d.updated_at) < now() - $1 * interval '1 millisecond'
         AND ((d.state = 'sending' AND d.provider_message_id IS NULL) OR (d.state = 'unknown' AND ${laterCallHadStatus('d', 'c')}))`,
      [reconcileWindowMs],
    );
    const caughtUpTo = waiting.n > 0 ? await statusesCaughtUp() : null;
    let held: SettledSend[] = [];
    if (caughtUpTo) {
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
      held = rows.filter((row) => row.message).map(settled);
    }
    const rows = await queryRows<SettledRow>(
      this.dataSource,
      `UPDATE dispatches SET state = 'sent', lease_until = NULL, updated_at = now()
       WHERE message_uuid IN (
         SELECT message_uuid FROM dispatches
         WHERE state = 'sending' AND provider_message_id IS NOT NULL AND coalesce(lease_until, updated_at) < now()
         FOR UPDATE SKIP LOCKED)
       RETURNING message, request_id, state, provider_message_id, failure`,
    );
    return { settled: rows.filter((row) => row.message).map(settled), held };
  }

  private async markSentTogether(answers: Answer[]): Promise<void> {
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

  private async markFailedTogether(refusals: Refusal[]): Promise<void> {
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

  private async retryLaterTogether(retries: Retry[]): Promise<void> {
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

  private async releaseTogether(releases: Release[]): Promise<void> {
    await queryRows(
      this.dataSource,
      `WITH locked AS MATERIALIZED (${lockInOrder})
       UPDATE dispatches d
       SET state = 'queued', attempts = d.attempts - (d.state = 'sending')::int, lease_until = NULL, claim_token = NULL, updated_at = now()
       FROM locked JOIN unnest($1::bpchar[], $2::uuid[]) AS released(message_uuid, claim_token) ON released.message_uuid = locked.message_uuid
       WHERE d.message_uuid = locked.message_uuid AND d.state IN ('claimed', 'sending') AND d.claim_token = released.claim_token`,
      [releases.map((release) => release.messageUuid), releases.map((release) => release.claimToken)],
    );
  }

  private async markOutcomeUnknownTogether(messageUuids: string[]): Promise<Array<SettledSend | null>> {
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
}
