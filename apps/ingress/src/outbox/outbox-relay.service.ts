import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { EventPublisher, EventTooLargeError, MAX_PRODUCE_REQUEST_BYTES } from '@herald/kafka';
import { IngressConfig } from '../config/ingress.config';
import { OutboxRow } from './outbox-rows';
import { OutboxRepository } from './outbox.repository';

/** Records claimed per turn at most: one produce request's worth (EventPublisher's own bound). */
export const RELAY_BATCH = 500;

/** The relay's interval in the SchedulerRegistry. */
const OUTBOX_RELAY = 'outbox-relay';

/** How a turn ended: how many records went to Kafka, and what refused the others. */
interface Turn {
  relayed: number;
  claimed: number;
  refusal?: unknown;
}

/**
 * Relays the outbox to Kafka (docs/adr/0005-outbox.md): the oldest records first, a produce request's worth per
 * turn, each deleted once every in-sync replica has it. An accept wakes it; an interval (OUTBOX_RELAY_INTERVAL_MS)
 * picks up what another replica or a refused turn left. Every replica relays, one at a time (OutboxRepository), so
 * a contact's events reach Kafka in the order they were accepted. While Kafka refuses, the relay backs off, up to
 * ten intervals, and the records wait in PostgreSQL. A crash between the produce and the delete sends a record
 * again: consumers take an event they have seen as a redelivery.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private relaying?: Promise<void>;
  /** Woken while a drain was under way: it looks again before it stops. */
  private wokenAgain = false;
  private stopped = false;
  private failures = 0;
  private resumeAt = 0;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly publisher: EventPublisher,
    private readonly config: IngressConfig,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const interval = setInterval(() => this.wake(), this.config.OUTBOX_RELAY_INTERVAL_MS);
    interval.unref();
    this.scheduler.addInterval(OUTBOX_RELAY, interval);
    this.wake();
  }

  /** Before Kafka and the database close: a turn under way finishes, so no record is sent without being deleted. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.scheduler.doesExist('interval', OUTBOX_RELAY)) this.scheduler.deleteInterval(OUTBOX_RELAY);
    await this.relaying;
  }

  /** Relays what the outbox holds, unless a drain is under way (it looks again) or the relay is backing off. */
  wake(): void {
    if (this.stopped || Date.now() < this.resumeAt) return;
    if (this.relaying) {
      this.wokenAgain = true;
      return;
    }
    this.relaying = this.drain().finally(() => (this.relaying = undefined));
  }

  /** Turns until the outbox is empty, another replica has the turn, or Kafka refuses. */
  private async drain(): Promise<void> {
    try {
      for (;;) {
        this.wokenAgain = false;
        const turn = await this.turn();
        if (turn.refusal !== undefined) return await this.backOff(turn.refusal);
        if (this.failures > 0) this.logger.log(`Kafka takes the outbox's events again`);
        this.failures = 0;
        if (turn.claimed < RELAY_BATCH && !this.wokenAgain) return;
      }
    } catch (error) {
      await this.backOff(error);
    }
  }

  /** One produce request's worth of the oldest records, sent and deleted in one transaction holding the turn. */
  async turn(): Promise<Turn> {
    return this.outbox.inRelayTurn<Turn>(
      async (turn) => {
        const rows = withinOneRequest(await turn.claim(RELAY_BATCH));
        if (rows.length === 0) return { relayed: 0, claimed: 0 };
        const outcomes = await Promise.allSettled(rows.map((row) => this.publisher.publishRaw(row.topic, row.key, row.value, row.headers ?? {})));
        const done: string[] = [];
        let refusal: unknown;
        outcomes.forEach((outcome, index) => {
          if (outcome.status === 'fulfilled') {
            done.push(rows[index].id);
          } else if (outcome.reason instanceof EventTooLargeError) {
            // Only a broker configured below Herald's event limit refuses this: kept, it would stop the relay for good.
            this.logger.error(`outbox record ${rows[index].id} (key ${rows[index].key}) dropped: ${outcome.reason.message}`);
            done.push(rows[index].id);
          } else {
            refusal ??= outcome.reason;
          }
        });
        if (done.length > 0) await turn.remove(done);
        return { relayed: done.length, claimed: rows.length, refusal };
      },
      { relayed: 0, claimed: 0 },
    );
  }

  private async backOff(error: unknown): Promise<void> {
    this.failures += 1;
    const delay = this.config.OUTBOX_RELAY_INTERVAL_MS * Math.min(2 ** (this.failures - 1), 10);
    this.resumeAt = Date.now() + delay;
    const backlog = await this.backlog().catch(() => undefined);
    this.logger.warn(`outbox not relayed (${backlog ?? 'unknown'} events waiting), tried again in ${delay} ms: ${(error as Error).message}`);
  }

  /** The events accepted and not yet on Kafka. */
  backlog(): Promise<number> {
    return this.outbox.backlog();
  }
}

/** The oldest rows that fit one produce request together (at least one): later ones wait for the next turn. */
function withinOneRequest(rows: OutboxRow[]): OutboxRow[] {
  let bytes = 0;
  let length = 0;
  while (length < rows.length) {
    bytes += rows[length].value.length + Buffer.byteLength(rows[length].key);
    if (length > 0 && bytes > MAX_PRODUCE_REQUEST_BYTES) break;
    length += 1;
  }
  return rows.slice(0, length);
}
