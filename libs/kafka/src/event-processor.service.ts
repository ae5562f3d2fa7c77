import { Injectable, Logger } from '@nestjs/common';
import { checkContract, eventCatalogue, EVENT_VERSION, EventOf, FieldProblem, Topic } from '@herald/contracts';
import { ClassConstructor } from 'class-transformer';
import { handleWhen, retry } from 'cockatiel';
import type { KafkaMessage } from 'kafkajs';
import { DeadLetterHeaders } from './dead-letters.service';
import { EventPublisher } from './event-publisher.service';
import { KafkaBatch } from './kafka-batch';
import { isTransientFailure, retryBackoff } from './transient-failure';

/** An event that can never be processed, whatever the retries: it goes to the dead-letter topic at once. */
export class PoisonEventError extends Error {
  constructor(
    readonly reason: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(problems.length ? `${reason}: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}` : reason);
    this.name = 'PoisonEventError';
  }
}

/** What the broker says of an event's record, beside what the event says of itself. */
export interface EventRecord {
  /**
   * The record's timestamp: when the broker appended it on a topic set to `LogAppendTime`, otherwise the time its
   * producer claimed.
   */
  timestamp: Date;
}

/** The work of a handler: the checked events, and their records in the same order. */
export type EventWork<TEvent> = (events: TEvent[], records: EventRecord[]) => Promise<unknown>;

/** How often failing work is tried before its event is dead-lettered, and the backoff between (outages aside). */
export interface RetryLimits {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

const defaultRetry: RetryLimits = { attempts: 5, initialDelayMs: 200, maxDelayMs: 5_000 };

/**
 * An event as it arrived, parsed but not yet checked against its contract: it has the fields of TEvent and of its
 * data by name, but nothing in them is to be trusted.
 */
export type UncheckedEvent<TEvent extends object> = { readonly [K in Exclude<keyof TEvent, 'data'>]?: unknown } & {
  readonly data?: TEvent extends { data: infer TData } ? { readonly [K in keyof TData]?: unknown } : unknown;
};

export interface ProcessOptions<TEvent extends object> {
  retry?: RetryLimits;
  /**
   * Events this consumer has no use for, told from the parsed envelope before the contract check, which is most of
   * the cost of reading an event: they are passed over, neither checked nor handed to the work. (Another consumer
   * of the topic, which does use them, checks them and dead-letters the broken ones.)
   */
  ignore?: (event: UncheckedEvent<TEvent>) => boolean;
}

/**
 * Events decoded and handed to the work at once at most; a larger fetch is worked in slices, each resolved when
 * done. Checking an event against its contract takes tens of microseconds and happens in one go for a slice, so
 * the slice is kept small enough that a backlog never holds the event loop (and the HTTP requests waiting on it)
 * for more than a few milliseconds, yet large enough that a statement serves a hundred events.
 */
const MAX_SLICE = 100;

/** Below the consumer's heartbeat interval (3 s) and far below its session timeout (10 s). */
const HEARTBEAT_WHILE_WORKING_MS = 2_000;

/** The batch was taken from this consumer (it is stopping, or a rebalance gave the partition away) mid-work. */
class BatchWithdrawn extends Error {}

/** The consumer's group refused a heartbeat between two attempts: not the work's failure, so not retried as one. */
class HeartbeatFailed extends Error {
  constructor(override readonly cause: unknown) {
    super(describe(cause));
  }
}

interface Decoded<TEvent> {
  batch: KafkaBatch;
  message: KafkaMessage;
  event: TEvent;
}

/** The batches of one topic that reached the processor in the same turn of the event loop, to be worked together. */
interface Gathering {
  entries: Array<Decoded<object>>;
  done: Promise<void>;
}

/**
 * Runs a Kafka event handler the one way Herald handles events: decode and validate each event against its
 * contract, hand the valid ones to the work together, retry failing work with backoff a bounded number of times,
 * and send what cannot be processed to `<topic>.dead-letter` with the original bytes and the reason. Work that
 * fails for a batch is tried again one event at a time, so only the event that fails by itself is set aside and
 * the rest go on. It never throws for an event's sake, so the consumer moves on instead of redelivering the same
 * event forever; each slice's offsets are resolved only once its work is durable, so they are committed after it.
 *
 * The batches of a fetch (one per partition) are handled at the same time; those of one topic that arrive in the
 * same turn of the event loop are worked as one, so a fetch costs a statement per topic rather than per partition.
 */
@Injectable()
export class EventProcessor {
  private readonly logger = new Logger(EventProcessor.name);
  private readonly gatherings = new Map<string, Gathering>();

  constructor(private readonly publisher: EventPublisher) {}

  /**
   * Works a batch of `topic`'s events, each checked against the topic's event class in the catalogue, so the work's
   * events are of the type EventMap gives the topic. The batch must be of that topic: a handler whose
   * `@EventPattern` names another is a bug, thrown before any event is read.
   */
  async process<T extends Topic>(
    batch: KafkaBatch,
    topic: T,
    work: EventWork<EventOf<T>>,
    { retry: limits = defaultRetry, ignore }: ProcessOptions<EventOf<T>> = {},
  ): Promise<void> {
    const contract = contractOf(batch.topic, topic) as ClassConstructor<EventOf<T>>;
    try {
      for (let start = 0; start < batch.messages.length; start += MAX_SLICE) {
        if (!batch.active) return;
        const messages = batch.messages.slice(start, start + MAX_SLICE);
        const decoded: Array<Decoded<EventOf<T>>> = [];
        const poison: Array<Promise<void>> = [];
        for (const message of messages) {
          try {
            const event = decodeEvent(contract, message.value, ignore);
            if (event) decoded.push({ batch, message, event });
          } catch (error) {
            poison.push(this.deadLetter(batch, message, error));
          }
        }
        // If the dead-letter topic cannot be written either, throwing leaves the slice unresolved: nothing is lost.
        await Promise.all(poison);
        if (decoded.length > 0) await this.together(batch.topic, decoded, work, limits);
        batch.resolveOffset(messages[messages.length - 1].offset);
        await batch.heartbeat();
      }
    } catch (error) {
      if (!(error instanceof BatchWithdrawn)) throw error;
    }
  }

  /**
   * Works these events with whatever else arrives for the topic in this turn of the event loop. Every handler of a
   * topic is the same code (one `@EventPattern` per topic and service), so the first caller's work serves them all.
   */
  private together<TEvent extends object>(
    topic: string,
    decoded: Array<Decoded<TEvent>>,
    work: EventWork<TEvent>,
    limits: RetryLimits,
  ): Promise<void> {
    let gathering = this.gatherings.get(topic);
    if (!gathering) {
      const entries: Array<Decoded<object>> = [];
      const done = new Promise<void>((resolve, reject) =>
        setImmediate(() => {
          this.gatherings.delete(topic);
          this.workOn(entries as Array<Decoded<TEvent>>, work, limits).then(resolve, reject);
        }),
      );
      gathering = { entries, done };
      this.gatherings.set(topic, gathering);
    }
    gathering.entries.push(...decoded);
    return gathering.done;
  }

  private async workOn<TEvent extends object>(
    decoded: Array<Decoded<TEvent>>,
    work: EventWork<TEvent>,
    limits: RetryLimits,
  ): Promise<void> {
    const [{ batch, message, event }] = decoded;
    let failures = 0;
    const attempts = retry(
      handleWhen((error) => {
        // Not the work's failures: a refused heartbeat may wrap what looks like an outage.
        if (error instanceof BatchWithdrawn || error instanceof HeartbeatFailed) return false;
        // An outage (database or broker unreachable) is waited out however long it lasts, the partition held:
        // dead-lettering then would lose the message. Only work that keeps failing by itself is set aside.
        if (isTransientFailure(error)) return true;
        if (decoded.length > 1 || error instanceof PoisonEventError) return false;
        failures += 1;
        return failures < limits.attempts;
      }),
      { maxAttempts: Infinity, backoff: retryBackoff(limits.initialDelayMs, limits.maxDelayMs) },
    );
    attempts.onRetry(({ delay, attempt, ...failure }) =>
      this.logger.warn(
        `${batch.topic}@${batch.partition}:${message.offset}${decoded.length > 1 ? ` and ${decoded.length - 1} more` : describeEvent(event)} attempt ${attempt} failed, retrying in ${Math.round(delay)} ms: ${describe('error' in failure ? failure.error : failure.value)}`,
      ),
    );
    // Work on a large batch, or its retries, may outlast the session timeout: the consumer must keep its place in
    // the group meanwhile, or the batch is taken away and delivered again (kafkajs sends at most one per interval).
    const heartbeats = setInterval(() => void batch.heartbeat().catch(() => undefined), HEARTBEAT_WHILE_WORKING_MS);
    try {
      await attempts.execute(async ({ attempt }) => {
        if (attempt > 0) {
          if (decoded.some((entry) => !entry.batch.active)) throw new BatchWithdrawn();
          // A heartbeat refused (the group rebalancing, this member gone) goes to kafkajs, which rejoins the group.
          await batch.heartbeat().catch((error: unknown) => {
            throw new HeartbeatFailed(error);
          });
        }
        await work(
          decoded.map((entry) => entry.event),
          decoded.map((entry) => ({ timestamp: new Date(Number(entry.message.timestamp)) })),
        );
      });
    } catch (error) {
      if (error instanceof BatchWithdrawn) throw error;
      if (error instanceof HeartbeatFailed) throw error.cause;
      if (decoded.length > 1) {
        this.logger.warn(`${batch.topic}: work on ${decoded.length} events failed (${describe(error)}); working them one at a time`);
        for (const entry of decoded) await this.workOn([entry], work, limits);
        return;
      }
      await this.deadLetter(batch, message, error);
    } finally {
      clearInterval(heartbeats);
    }
  }

  private async deadLetter(batch: KafkaBatch, message: KafkaMessage, error: unknown): Promise<void> {
    const reason = describe(error);
    this.logger.error(`${batch.topic}@${batch.partition}:${message.offset} dead-lettered: ${reason}`);
    const headers: Record<string, string> = {
      ...stringHeaders(message.headers),
      [DeadLetterHeaders.Reason]: reason,
      [DeadLetterHeaders.Topic]: batch.topic,
      [DeadLetterHeaders.Partition]: String(batch.partition),
      [DeadLetterHeaders.Offset]: String(message.offset),
      [DeadLetterHeaders.At]: new Date().toISOString(),
    };
    await this.publisher.publishRaw(`${batch.topic}.dead-letter`, message.key, message.value, headers);
  }
}

/** The event class of the batch's topic, once it is sure the handler and the batch agree on the topic. */
function contractOf(batchTopic: string, topic: Topic): ClassConstructor<EventOf<Topic>> {
  if (topic !== batchTopic || !Object.hasOwn(eventCatalogue, topic)) {
    throw new Error(`a handler of ${topic} was given a batch of ${batchTopic}: its @EventPattern names another topic`);
  }
  return eventCatalogue[topic].event;
}

/** Bytes -> JSON -> a validated contract instance (null when ignored), or a PoisonEventError saying why not. */
export function decodeEvent<TEvent extends object>(
  contract: ClassConstructor<TEvent>,
  value: Buffer | null,
  ignore?: (event: UncheckedEvent<TEvent>) => boolean,
): TEvent | null {
  if (value === null || value.length === 0) throw new PoisonEventError('empty event');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    throw new PoisonEventError('event is not valid JSON');
  }
  const version = (parsed as { version?: unknown } | null)?.version;
  if (version !== EVENT_VERSION) {
    throw new PoisonEventError(`unknown event version ${JSON.stringify(version)}; this service reads version ${EVENT_VERSION}`);
  }
  if (ignore?.(parsed as UncheckedEvent<TEvent>)) return null;
  const check = checkContract(contract, parsed);
  if (!check.ok) throw new PoisonEventError('event does not match its contract', check.problems);
  return check.value;
}

function stringHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {})
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([key, value]) => [key, Buffer.isBuffer(value) ? value.toString('utf8') : String(value)]),
  );
}

/** The message uuid and request id an event is about, for its log lines. */
function describeEvent(event: object): string {
  const { requestId, data } = event as { requestId?: string; data?: { messageUuid?: string } };
  return `${data?.messageUuid ? ` message ${data.messageUuid}` : ''}${requestId ? ` request ${requestId}` : ''}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Work for EventProcessor.process that takes a batch's events one after another, in order (for rare events). */
export function oneAtATime<TEvent>(work: (event: TEvent) => Promise<unknown>): (events: TEvent[]) => Promise<void> {
  return async (events) => {
    for (const event of events) await work(event);
  };
}
