// The ingress benchmark's baseline: the least an HTTP service can do per message, a Fastify handler that parses
// the body and publishes one event through Herald's own EventPublisher and producer (acks from every in-sync
// replica, the default partitioner, keyed by channel and recipient, the requests of one turn of the event loop in
// one produce request), configured from the same environment, to a topic of its own so the rest of the platform
// does not process it. Herald's ingress also authenticates, validates, writes the ledger row and more: the ratio of
// the two is what all of that costs.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import herald from '../../dist/libs/kafka/src/index.js';
import heraldConfig from '../../dist/libs/config/src/index.js';

// Herald's own producer, publisher and client settings, as built for the services (with kafkajs mended the same way).
const { EventPublisher, kafkaAdmin, kafkaProducerClient } = herald;
const { BaseConfig, loadConfig } = heraldConfig;

const topic = 'bench.baseline';
const config = loadConfig(BaseConfig);
const admin = kafkaAdmin(config, 'herald-bench-baseline');
await admin.connect();
await admin.createTopics({ topics: [{ topic, numPartitions: config.KAFKA_TOPIC_PARTITIONS, replicationFactor: 1 }] });
await admin.disconnect();
const publisher = new EventPublisher(kafkaProducerClient(config, 'bench-baseline'), config);
await publisher.onModuleInit();

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
  // Its topic is none of the catalogue's, so the event goes as bytes, as the ingress's outbox relay sends them.
  await publisher.publishRaw(topic, `channel:${body.to}`, JSON.stringify(event), {});
  return { message: { uuid: messageUuid, status: 'enqueued' } };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('ready\n');
const stop = async () => {
  await app.close();
  await publisher.onApplicationShutdown();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
