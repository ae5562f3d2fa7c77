import { Injectable } from '@nestjs/common';
import type { FailureReason } from '@herald/contracts';
import { Batcher } from '@herald/persistence';
import { LRUCache } from 'lru-cache';
import {
  Answer,
  ClaimedSend,
  DispatchQueueRepository,
  NamedStatus,
  ReadySend,
  Refusal,
  Release,
  Retry,
  SettledSend,
} from './dispatch-queue.repository';

/** A call this replica saw answered, for the status webhooks that name it. */
interface SentHere {
  channelUuid: string;
  calledAt: Date;
}

/**
 * The send queue in PostgreSQL, shared by every dispatcher replica (DispatchQueueRepository holds its statements).
 * This replica's side of it: the steps of many sends taken together, and the memory of the sends it saw answered.
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
  private readonly answers = new Batcher<Answer>((answers) => this.queue.markSent(answers));
  private readonly refusals = new Batcher<Refusal>((refusals) => this.queue.markFailed(refusals));
  private readonly retries = new Batcher<Retry>((retries) => this.queue.retryLater(retries));
  private readonly releases = new Batcher<Release>((releases) => this.queue.release(releases));
  private readonly unanswered = new Batcher<string, SettledSend | null>((messageUuids) => this.queue.markOutcomeUnknown(messageUuids));

  constructor(private readonly queue: DispatchQueueRepository) {}

  /**
   * Stores a batch of ready messages in one statement, in the order given (a contact's messages go out in the
   * order they are stored); answers the uuids stored now. The others were stored before: Kafka delivered their
   * events again.
   */
  enqueue(messages: ReadySend[]): Promise<Set<string>> {
    return this.queue.enqueue(messages);
  }

  /** The sends among these whose outcome is known (sent or failed). */
  findSettled(messageUuids: string[]): Promise<SettledSend[]> {
    return this.queue.findSettled(messageUuids);
  }

  /**
   * Claims up to `limit` due messages, each the oldest open message of its contact, skipping those another replica
   * is claiming right now; each send of a channel that can send comes with its channel's next slot
   * (DispatchQueueRepository.claim).
   */
  claim(limit: number, claimLeaseMs: number, callLeaseMs: number): Promise<ClaimedSend[]> {
    return this.queue.claim(limit, claimLeaseMs, callLeaseMs);
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

  /**
   * A claim given back with no call made, its attempt not used up: the replica is shutting down, or the message's
   * media is being uploaded (then it is due again `delayMs` from now).
   */
  release(send: ClaimedSend, delayMs = 0): Promise<void> {
    return this.releases.submit({ messageUuid: send.messageUuid, claimToken: send.claimToken, delayMs });
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
   * Status webhooks named these messages: each settles its send if it came from the phone number id of the
   * message's channel (DispatchQueueRepository.reconcile). One statement for the batch, after skipping the messages
   * this replica saw accepted; answers the sends settled as sent.
   */
  async reconcile(statuses: NamedStatus[]): Promise<SettledSend[]> {
    const unsettled = statuses.filter((status) => this.mayNeedReconciling(status.messageUuid));
    if (unsettled.length === 0) return [];
    return this.queue.reconcile(unsettled);
  }

  /**
   * An operator's decisions about held sends: `resend` queues one again at once, `abandon` fails it. Only a send
   * still held is changed (a webhook may have settled it meanwhile); answers the sends abandoned now.
   */
  async decide(decisions: Array<{ messageUuid: string; decision: 'resend' | 'abandon' }>, abandoned: FailureReason): Promise<SettledSend[]> {
    const pick = (decision: 'resend' | 'abandon') => decisions.filter((entry) => entry.decision === decision).map((entry) => entry.messageUuid);
    await this.queue.resend(pick('resend'));
    return this.queue.abandon(pick('abandon'), abandoned);
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
    await this.queue.requeueLapsedClaims();
    if (this.callsWithStatus.size > 0) {
      const seen = [...this.callsWithStatus];
      this.callsWithStatus.clear();
      await this.queue.recordCallsWithStatus(seen);
    }
    const waiting = await this.queue.countAwaitingReconcile(reconcileWindowMs);
    const caughtUpTo = waiting > 0 ? await statusesCaughtUp() : null;
    let held: SettledSend[] = [];
    if (caughtUpTo) {
      await this.queue.requeueNeverTaken(reconcileWindowMs, caughtUpTo);
      held = await this.queue.holdUnanswered(reconcileWindowMs, caughtUpTo);
    }
    return { settled: await this.queue.settleNoted(), held };
  }
}
