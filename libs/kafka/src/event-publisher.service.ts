import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { BaseConfig } from '@herald/config';
import type { EventOf, KeyOf, Topic } from '@herald/contracts';
import type { Message, TopicMessages } from 'kafkajs';

export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');

/**
 * An event to publish on a topic of the catalogue: its key and its envelope are the topic's (EventMap), and the
 * envelope names the topic it is published on.
 */
export interface OutgoingEvent<T extends Topic> {
  topic: T;
  /** The topic alone says what T is: the key and the event are checked against it, never widen it. */
  key: NoInfer<KeyOf<T>>;
  event: NoInfer<EventOf<T> & { type: T }>;
  headers?: Record<string, string>;
}

interface Pending {
  topic: string;
  message: Message;
  /** The record's size on the wire, near enough (recordBytes). */
  bytes: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Events per produce request at most; more wait for the next one. */
const MAX_BATCH = 500;

/**
 * Record bytes per produce request at most (an event larger than this goes alone). Well below the topics' limit
 * (MAX_EVENT_BYTES): however many large events concurrent requests bring, no request carries more than the broker
 * takes in one record batch.
 */
export const MAX_PRODUCE_REQUEST_BYTES = 1024 * 1024;

/** Kafka's per-record framing (length, attributes, deltas, varints) and per-header framing, rounded up. */
const RECORD_OVERHEAD_BYTES = 32;
const HEADER_OVERHEAD_BYTES = 8;

/**
 * The largest event Herald's topics take (their `max.message.bytes`, and the broker's `message.max.bytes` in
 * tools/kafka/broker.cjs). The ingress's largest body limit is held below it, with the events it grows into, by
 * apps/ingress/src/config/event-size.spec.ts.
 */
export const MAX_EVENT_BYTES = 4 * 1024 * 1024;

/** The broker refused an event for its size; no other event of its produce request failed with it. */
export class EventTooLargeError extends Error {
  readonly code = 'event_too_large';

  constructor(readonly topic: string, readonly bytes: number, options: { cause: unknown }) {
    super(`the broker refused a ${bytes}-byte event on ${topic} for its size`, options);
  }
}

/** A record's bytes, as Kafka will have them. */
export interface EncodedEvent<T extends Topic> {
  topic: T;
  key: KeyOf<T>;
  value: Buffer;
  headers?: Record<string, string>;
}

/**
 * The bytes `publish` would send for an event, for a caller that keeps them before they go (the ingress's outbox,
 * whose relay sends them with publishRaw): built from the same typed event, so held to the same contract.
 */
export function encodeEvent<T extends Topic>({ topic, key, event, headers }: OutgoingEvent<T>): EncodedEvent<T> {
  return { topic, key, value: Buffer.from(JSON.stringify(event)), ...(headers ? { headers } : {}) };
}

/**
 * Publishes events and resolves only once every in-sync replica has them (acks = -1): a caller that was told
 * "published" can promise the message will not be lost.
 *
 * Events published while a produce request is under way go out together in the next one (one in flight at a
 * time, and at most one per turn of the event loop and per KAFKA_PRODUCER_LINGER_MS), so a busy service makes a
 * few large requests instead of one per event, and events keep their order per partition. The first event after a
 * quiet spell goes out at the end of its turn: an idle service pays no added delay.
 *
 * A request stays below MAX_PRODUCE_REQUEST_BYTES, so one caller's large events never make the broker refuse a
 * request that carries another's; should the broker refuse a request for its size anyway (a smaller limit than
 * Herald's), its events are sent again in halves until only the event too large fails, with an EventTooLargeError.
 */
@Injectable()
export class EventPublisher implements OnModuleInit, OnApplicationShutdown {
  private pending: Pending[] = [];
  private flushing: Promise<void> | undefined;
  /** When the last produce request went out (Date.now()). */
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private readonly lingerMs: number;

  constructor(@Inject(KAFKA_PRODUCER) private readonly client: ClientKafka, config: BaseConfig) {
    this.lingerMs = config.KAFKA_PRODUCER_LINGER_MS;
  }

  async onModuleInit(): Promise<void> {
    await this.client.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flushing;
    await this.client.close();
  }

  publish<T extends Topic>({ topic, key, event, headers }: OutgoingEvent<T>): Promise<void> {
    return this.enqueue(topic, { key, value: JSON.stringify(event), ...(headers ? { headers } : {}) });
  }

  /**
   * Publishes bytes as they are, unchecked, on any topic: for what already has its bytes (a dead letter keeps those
   * it arrived with, the outbox those it committed, a webhook Herald cannot read its body). Everything else goes
   * through `publish`.
   */
  publishRaw(topic: string, key: Buffer | string | null, value: Buffer | string | null, headers: Record<string, string>): Promise<void> {
    return this.enqueue(topic, { key, value, headers });
  }

  private enqueue(topic: string, message: Message): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ topic, message, bytes: recordBytes(message), resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    do {
      await this.gather();
      const batch = this.pending.splice(0, requestLength(this.pending));
      this.lastSentAt = Date.now();
      await this.send(batch);
    } while (this.pending.length > 0);
    this.flushing = undefined;
  }

  /**
   * Settles each event of the batch. A refusal for size splits the batch: its other events may already be on the
   * broker (other partitions), and consumers take an event they have seen as a redelivery.
   */
  private async send(batch: Pending[]): Promise<void> {
    try {
      await this.client.producer.sendBatch({ acks: -1, topicMessages: byTopic(batch) });
      for (const entry of batch) entry.resolve();
    } catch (error) {
      if (!refusedForSize(error)) {
        for (const entry of batch) entry.reject(error);
      } else if (batch.length === 1) {
        batch[0].reject(new EventTooLargeError(batch[0].topic, batch[0].bytes, { cause: error }));
      } else {
        const half = Math.ceil(batch.length / 2);
        await this.send(batch.slice(0, half));
        await this.send(batch.slice(half));
      }
    }
  }

  /** Lets whatever else this turn publishes join the request, and, while requests follow closely, the linger. */
  private gather(): Promise<void> {
    const wait = this.lastSentAt + this.lingerMs - Date.now();
    return new Promise((resolve) => (wait > 0 ? setTimeout(resolve, wait) : setImmediate(resolve)));
  }
}

/** How many of the pending events the next request takes: at least one, and no more than the limits allow. */
function requestLength(pending: Pending[]): number {
  let bytes = pending[0]?.bytes ?? 0;
  let length = 1;
  while (length < pending.length && length < MAX_BATCH && bytes + pending[length].bytes <= MAX_PRODUCE_REQUEST_BYTES) {
    bytes += pending[length].bytes;
    length += 1;
  }
  return length;
}

function recordBytes({ key, value, headers }: Message): number {
  let bytes = RECORD_OVERHEAD_BYTES + byteLength(key) + byteLength(value);
  for (const [name, header] of Object.entries(headers ?? {})) {
    const values = Array.isArray(header) ? header : [header];
    for (const one of values) bytes += HEADER_OVERHEAD_BYTES + Buffer.byteLength(name) + byteLength(one);
  }
  return bytes;
}

function byteLength(value: Buffer | string | null | undefined): number {
  return value == null ? 0 : Buffer.byteLength(value);
}

/** kafkajs wraps the broker's protocol error (MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE) in its retrier's. */
function refusedForSize(error: unknown): boolean {
  let cause = error;
  for (let depth = 0; depth < 5 && cause instanceof Error; depth += 1, cause = cause.cause) {
    const type = (cause as { type?: unknown }).type;
    if (type === 'MESSAGE_TOO_LARGE' || type === 'RECORD_LIST_TOO_LARGE') return true;
  }
  return false;
}

/** One entry per topic, each topic's messages in the order they were published. */
function byTopic(batch: Pending[]): TopicMessages[] {
  const topics = new Map<string, Message[]>();
  for (const { topic, message } of batch) {
    const messages = topics.get(topic);
    if (messages) messages.push(message);
    else topics.set(topic, [message]);
  }
  return [...topics].map(([topic, messages]) => ({ topic, messages }));
}
