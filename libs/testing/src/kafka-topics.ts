import { randomUUID } from 'node:crypto';
import { Kafka, KafkaConfig, KafkaMessage, logLevel } from 'kafkajs';

/** A client of the test broker, or of another one (`brokers`, credentials) a test started itself. */
export function testKafka(overrides: Partial<KafkaConfig> = {}): Kafka {
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  return new Kafka({ clientId: `herald-test-${randomUUID().slice(0, 8)}`, brokers, logLevel: logLevel.NOTHING, ...overrides });
}

/**
 * Reads a topic from its beginning, with a consumer group of its own, until `done` says it has seen enough or the
 * time runs out; returns every message read.
 */
export async function readTopic(
  topic: string,
  done: (messages: KafkaMessage[]) => boolean,
  timeoutMs = 15_000,
): Promise<KafkaMessage[]> {
  const consumer = testKafka().consumer({ groupId: `herald-test-${randomUUID()}` });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          messages.push(message);
          if (done(messages)) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    return messages;
  } finally {
    await consumer.disconnect();
  }
}

/** Publishes one record as any client could, claiming the record timestamp given (the producer's clock by default). */
export async function publishRaw(topic: string, key: string, value: string | Buffer, { timestamp }: { timestamp?: Date } = {}): Promise<void> {
  const producer = testKafka().producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ key, value, ...(timestamp ? { timestamp: String(timestamp.getTime()) } : {}) }] });
  } finally {
    await producer.disconnect();
  }
}
