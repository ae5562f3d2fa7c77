import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { BaseConfig } from '@herald/config';
import type { EnvelopeFields, Topic } from '@herald/contracts';
import type { Message, TopicMessages } from 'kafkajs';

export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');

export interface OutgoingEvent<TData> {
  topic: Topic | string;
  key: string;
  event: EnvelopeFields<TData> | Record<string, unknown>;
  headers?: Record<string, string>;
}

interface Pending {
  topic: string;
  message: Message;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Events per produce request at most; more wait for the next one. */
const MAX_BATCH = 500;

/**
 * Publishes events and resolves only once every in-sync replica has them (acks = -1): a caller that was told
 * "published" can promise the message will not be lost.
 *
 * Events published while a produce request is under way go out together in the next one (one in flight at a
 * time, and at most one per turn of the event loop and per KAFKA_PRODUCER_LINGER_MS), so a busy service makes a
 * few large requests instead of one per event, and events keep their order per partition. The first event after a
 * quiet spell goes out at the end of its turn: an idle service pays no added delay.
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

  publish<TData>({ topic, key, event, headers }: OutgoingEvent<TData>): Promise<void> {
    return this.enqueue(topic, { key, value: JSON.stringify(event), ...(headers ? { headers } : {}) });
  }

  /** Publishes raw bytes (a dead-lettered event keeps the bytes it arrived with). */
  publishRaw(topic: string, key: Buffer | string | null, value: Buffer | string | null, headers: Record<string, string>): Promise<void> {
    return this.enqueue(topic, { key, value, headers });
  }

  private enqueue(topic: string, message: Message): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ topic, message, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    do {
      await this.gather();
      const batch = this.pending.splice(0, MAX_BATCH);
      this.lastSentAt = Date.now();
      try {
        await this.client.producer.sendBatch({ acks: -1, topicMessages: byTopic(batch) });
        for (const entry of batch) entry.resolve();
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    } while (this.pending.length > 0);
    this.flushing = undefined;
  }

  /** Lets whatever else this turn publishes join the request, and, while requests follow closely, the linger. */
  private gather(): Promise<void> {
    const wait = this.lastSentAt + this.lingerMs - Date.now();
    return new Promise((resolve) => (wait > 0 ? setTimeout(resolve, wait) : setImmediate(resolve)));
  }
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
