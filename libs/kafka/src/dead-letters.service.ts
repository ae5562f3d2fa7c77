import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { BaseConfig } from '@herald/config';
import { deadLetterTopic, Topic, Topics, WEBHOOK_DEAD_LETTER_TOPIC } from '@herald/contracts';
import { Kafka, KafkaMessage } from 'kafkajs';
import { EventPublisher } from './event-publisher.service';
import { kafkaClientConfig } from './kafka.options';

/** The headers EventProcessor puts on a dead letter: why, and where the event came from. */
export const DeadLetterHeaders = {
  Reason: 'x-dead-letter-reason',
  Topic: 'x-dead-letter-topic',
  Partition: 'x-dead-letter-partition',
  Offset: 'x-dead-letter-offset',
  At: 'x-dead-letter-at',
} as const;

/** Set on an event replayed from a dead-letter topic: the dead letter it came from (`<partition>:<offset>`). */
export const REPLAYED_FROM_HEADER = 'x-replayed-from';

/** An event set aside on `<topic>.dead-letter`, as an operator lists and replays it. */
export interface DeadLetter {
  /** Where it is on the dead-letter topic: `<partition>:<offset>`. */
  id: string;
  /** The topic it was read from, and is replayed to; null for a WhatsApp webhook kept as received, which has none. */
  topic: Topic | null;
  reason: string;
  /** When it was dead-lettered. */
  at: string | null;
  /** The event's own id and the message it is about, when its bytes say so. */
  eventId: string | null;
  messageUuid: string | null;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** An operator named a topic or a dead letter that is not there. */
export class DeadLetterError extends Error {}

/**
 * Lists and replays the dead letters of a topic. A replay publishes the event's original key, bytes and headers
 * to its topic again: every consumer takes an event it has already worked as a redelivery, so replaying one twice,
 * or one that was worked after all, changes nothing.
 */
@Injectable()
export class DeadLetters {
  constructor(
    private readonly config: BaseConfig,
    private readonly publisher: EventPublisher,
  ) {}

  /**
   * Every dead letter of the topic (`message.requested` or `message.requested.dead-letter`; `whatsapp.webhook` for
   * the webhooks the ingress could not read), oldest first per partition.
   */
  async list(topicName: string): Promise<DeadLetter[]> {
    const { topic, source } = topicNamed(topicName);
    const kafka = new Kafka(kafkaClientConfig(this.config, `herald-cli-dead-letters`));
    const admin = kafka.admin();
    await admin.connect();
    try {
      const ends = new Map(
        (await admin.fetchTopicOffsets(source))
          .filter(({ low, high }) => Number(high) > Number(low))
          .map(({ partition, high }) => [partition, Number(high)]),
      );
      if (ends.size === 0) return [];
      const messages = await readUntil(kafka, source, ends);
      await admin.deleteGroups([messages.groupId]).catch(() => undefined);
      return messages.read.map(({ partition, message }) => deadLetterOf(topic, partition, message));
    } finally {
      await admin.disconnect();
    }
  }

  /** Publishes the named dead letters (by id or event id; all of them when none is named) to their topic again. */
  async replay(topicName: string, ids: string[] | 'all'): Promise<DeadLetter[]> {
    const { topic, source } = topicNamed(topicName);
    if (!topic) {
      throw new DeadLetterError(
        `${source} keeps WhatsApp webhooks as received, with no topic to replay them to: list them, mend what the reason says, and have Meta resend`,
      );
    }
    const all = await this.list(topicName);
    const chosen = ids === 'all' ? all : ids.map((id) => {
      const found = all.find((letter) => letter.id === id || letter.eventId === id);
      if (!found) throw new DeadLetterError(`There is no dead letter ${id} on ${source}`);
      return found;
    });
    await Promise.all(
      chosen.map((letter) =>
        this.publisher.publishRaw(topic, letter.key, letter.value, {
          ...withoutDeadLetterHeaders(letter.headers),
          [REPLAYED_FROM_HEADER]: letter.id,
        }),
      ),
    );
    return chosen;
  }
}

/** The topic a name means, and where its dead letters are. */
function topicNamed(name: string): { topic: Topic | null; source: string } {
  if (name === WEBHOOK_DEAD_LETTER_TOPIC || `${name}.dead-letter` === WEBHOOK_DEAD_LETTER_TOPIC) return { topic: null, source: WEBHOOK_DEAD_LETTER_TOPIC };
  const topic = Object.values(Topics).find((known) => name === known || name === deadLetterTopic(known));
  if (!topic) {
    throw new DeadLetterError(`There is no topic ${name}; Herald's topics are ${[...Object.values(Topics), 'whatsapp.webhook'].join(', ')}`);
  }
  return { topic, source: deadLetterTopic(topic) };
}

/** Reads the partitions up to their ends as they were when asked, with a group of its own that commits nothing. */
async function readUntil(
  kafka: Kafka,
  topic: string,
  ends: Map<number, number>,
): Promise<{ groupId: string; read: Array<{ partition: number; message: KafkaMessage }> }> {
  const groupId = `herald-cli-dead-letters-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId });
  const read: Array<{ partition: number; message: KafkaMessage }> = [];
  const remaining = new Set(ends.keys());
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const end = ends.get(partition);
            if (end === undefined || Number(message.offset) >= end) return;
            read.push({ partition, message });
            if (Number(message.offset) + 1 >= end) remaining.delete(partition);
            if (remaining.size === 0) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  read.sort((a, b) => a.partition - b.partition || Number(a.message.offset) - Number(b.message.offset));
  return { groupId, read };
}

function deadLetterOf(topic: Topic | null, partition: number, message: KafkaMessage): DeadLetter {
  const headers = Object.fromEntries(
    Object.entries(message.headers ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name, Array.isArray(value) ? value.map(String).join(',') : String(value)]),
  );
  const parsed = parseQuietly(message.value);
  return {
    id: `${partition}:${message.offset}`,
    topic,
    reason: headers[DeadLetterHeaders.Reason] ?? 'no reason given',
    at: headers[DeadLetterHeaders.At] ?? null,
    eventId: typeof parsed?.id === 'string' ? parsed.id : null,
    messageUuid: typeof parsed?.data?.messageUuid === 'string' ? parsed.data.messageUuid : null,
    key: message.key,
    value: message.value,
    headers,
  };
}

/** What an event's bytes say about it, if they are JSON at all: a dead letter is often not. */
export function parseQuietly(value: Buffer | null): { id?: unknown; data?: { messageUuid?: unknown } } | null {
  try {
    const parsed: unknown = JSON.parse(value?.toString('utf8') ?? '');
    return parsed && typeof parsed === 'object' ? (parsed as { id?: unknown; data?: { messageUuid?: unknown } }) : null;
  } catch {
    return null;
  }
}

function withoutDeadLetterHeaders(headers: Record<string, string>): Record<string, string> {
  const own = new Set<string>(Object.values(DeadLetterHeaders));
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !own.has(name) && name !== REPLAYED_FROM_HEADER));
}
