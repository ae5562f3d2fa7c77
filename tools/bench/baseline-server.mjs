// The ingress benchmark's baseline: the least an HTTP service can do per message, a Fastify handler that parses
// the body and publishes one event with the same kafkajs settings as Herald's producer (acks from every in-sync
// replica, the default partitioner, keyed by channel and recipient) and the same batching (what the requests of one
// turn of the event loop publish goes in one produce request, one request in flight, one per
// KAFKA_PRODUCER_LINGER_MS while they follow closely), to a topic of its own so the rest of the platform does not
// process it. Herald's ingress also authenticates, validates, writes the ledger row and more: the ratio of the two
// is what all of that costs.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
// The same kafkajs as Herald's, with its mended request queue (see the file).
import '../../dist/libs/kafka/src/kafkajs-request-queue.fix.js';

const topic = 'bench.baseline';
const kafka = new Kafka({
  clientId: 'herald-bench-baseline',
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  connectionTimeout: 3000,
  requestTimeout: 30000,
  logLevel: logLevel.WARN,
  retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: 12 },
});
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic, numPartitions: Number(process.env.KAFKA_TOPIC_PARTITIONS ?? 6), replicationFactor: 1 }] });
await admin.disconnect();
const producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: false, createPartitioner: Partitioners.DefaultPartitioner });
await producer.connect();

const pending = [];
let flushing;
let lastSentAt = Number.NEGATIVE_INFINITY;
const lingerMs = Number(process.env.KAFKA_PRODUCER_LINGER_MS ?? 0);
function publish(message) {
  return new Promise((resolve, reject) => {
    pending.push({ message, resolve, reject });
    flushing ??= flush();
  });
}
async function flush() {
  do {
    const wait = lastSentAt + lingerMs - Date.now();
    await new Promise((resolve) => (wait > 0 ? setTimeout(resolve, wait) : setImmediate(resolve)));
    const batch = pending.splice(0, 500);
    lastSentAt = Date.now();
    try {
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: batch.map((entry) => entry.message) }] });
      for (const entry of batch) entry.resolve();
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  } while (pending.length > 0);
  flushing = undefined;
}

const app = Fastify({ logger: false });
app.post('/messages/send', async (request) => {
  const body = request.body;
  const messageUuid = randomUUID().replace(/-/g, '');
  const acceptedAt = new Date().toISOString();
  const event = {
    id: randomUUID(),
    type: 'message.requested',
    version: 1,
    occurredAt: acceptedAt,
    data: { messageUuid, teamUuid: randomUUID(), channelUuid: randomUUID(), to: body.to, request: body, acceptedAt },
  };
  await publish({ key: `channel:${body.to}`, value: JSON.stringify(event) });
  return { message: { uuid: messageUuid, status: 'enqueued' } };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('ready\n');
const stop = async () => {
  await app.close();
  await producer.disconnect();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
