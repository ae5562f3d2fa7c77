import { readFileSync } from 'node:fs';
import { ClientKafka, CustomStrategy, KafkaOptions } from '@nestjs/microservices';
import { BaseConfig, kafkaBrokers } from '@herald/config';
import { Admin, Kafka, KafkaConfig, logLevel, Partitioners, ProducerConfig, SASLOptions } from 'kafkajs';
import { BatchKafkaServer } from './batch-kafka.server';
import { kafkaLogCreator } from './kafka-logger';
import { setIdleFetchWait } from './kafkajs-idle-fetch';

/** Client settings shared by every producer, consumer and admin client of a service. */
export function kafkaClientConfig(config: BaseConfig, clientId: string): KafkaConfig {
  return {
    clientId,
    brokers: kafkaBrokers(config),
    connectionTimeout: 3000,
    requestTimeout: 30000,
    logLevel: config.LOG_LEVEL === 'silent' ? logLevel.NOTHING : logLevel.WARN,
    logCreator: kafkaLogCreator,
    // kafkajs' default gives up after about 30 s; a broker restart can take longer, and giving up crashes the consumer.
    retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: 12 },
    ...kafkaSecurity(config),
  };
}

/** An admin client with the service's settings, for a caller outside this library that creates or lists topics. */
export function kafkaAdmin(config: BaseConfig, clientId: string): Admin {
  return new Kafka(kafkaClientConfig(config, clientId)).admin();
}

/** TLS and SASL as KAFKA_SECURITY_PROTOCOL says (BaseConfig has refused every inconsistent combination). */
export function kafkaSecurity(config: BaseConfig): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const protocol = config.KAFKA_SECURITY_PROTOCOL;
  const pem = (file: string) => (file ? readFileSync(file) : undefined);
  const files = { ca: pem(config.KAFKA_SSL_CA_FILE), cert: pem(config.KAFKA_SSL_CERT_FILE), key: pem(config.KAFKA_SSL_KEY_FILE) };
  const given = Object.fromEntries(Object.entries(files).filter(([, content]) => content !== undefined));
  const credentials = { username: config.KAFKA_SASL_USERNAME, password: config.KAFKA_SASL_PASSWORD };
  const sasl: SASLOptions =
    config.KAFKA_SASL_MECHANISM === 'plain' ? { mechanism: 'plain', ...credentials } : { mechanism: config.KAFKA_SASL_MECHANISM, ...credentials };
  return {
    // Without files, the brokers' certificates are checked against the system's certificate authorities.
    ...(protocol === 'SSL' || protocol === 'SASL_SSL' ? { ssl: Object.keys(given).length > 0 ? given : true } : {}),
    ...(protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL' ? { sasl } : {}),
  };
}

/** Every producer of a service, its publisher's and its Kafka transport's. */
const producerSettings: ProducerConfig = {
  allowAutoTopicCreation: false,
  // kafkajs' idempotent producer is experimental; consumers dedupe by message uuid instead.
  idempotent: false,
  createPartitioner: Partitioners.DefaultPartitioner,
};

/** A service's producer, which its EventPublisher publishes through (and the ingress benchmark's baseline too). */
export function kafkaProducerClient(config: BaseConfig, service: string): ClientKafka {
  const client = kafkaClientConfig(config, `herald-${service}-producer`);
  return new ClientKafka({
    client: { ...client, retry: { ...client.retry, retries: config.KAFKA_PRODUCER_RETRIES } },
    producer: producerSettings,
    // Every in-sync replica must have the event before a caller is told it is published.
    send: { acks: -1 },
    producerOnlyMode: true,
    postfixId: '',
  });
}

/**
 * The Kafka transport of a Herald service: one consumer group per service (`herald-<service>`), so that every
 * replica of it shares the topic's partitions, handing handlers whole batches of raw bytes (BatchKafkaServer), so a
 * poison event can be dead-lettered as it came. It also sets how long the process's idle fetches wait for an event
 * (kafkajs-idle-fetch), a setting of the process rather than of one consumer.
 */
export function kafkaConsumerStrategy(config: BaseConfig, service: string): CustomStrategy {
  setIdleFetchWait(config.KAFKA_FETCH_IDLE_WAIT_MS);
  return { strategy: new BatchKafkaServer(kafkaConsumerOptions(config, service)) };
}

function kafkaConsumerOptions(config: BaseConfig, service: string): Required<KafkaOptions>['options'] {
  return {
      client: kafkaClientConfig(config, `herald-${service}`),
      consumer: {
        groupId: `herald-${service}`,
        allowAutoTopicCreation: false,
        // A replica that died is out of the group (its partitions handed to the others) after 10 s.
        sessionTimeout: 10_000,
        // Events are about 1 KB: a few hundred per partition per fetch keep every partition busy, and a backlog
        // costs megabytes of memory, not the default tens.
        maxBytesPerPartition: 256 * 1024,
        maxBytes: 2 * 1024 * 1024,
        // A fetch waits up to KAFKA_FETCH_MAX_WAIT_MS for KAFKA_FETCH_MIN_BYTES: under load every fetch brings a batch
        // worth one statement and one produce request, instead of a fetch, a statement and a commit per event. After
        // a fetch that brought nothing, the next is answered by the first event (setIdleFetchWait).
        minBytes: config.KAFKA_FETCH_MIN_BYTES,
        maxWaitTimeInMs: config.KAFKA_FETCH_MAX_WAIT_MS,
        heartbeatInterval: 3_000,
        // Let a consumer restart after a broker outage rather than crash for good.
        retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: Number.MAX_SAFE_INTEGER },
      },
      // A new group starts at the beginning of each topic: events published before the first deploy still count.
      subscribe: { fromBeginning: true },
      // Offsets are committed by BatchKafkaServer, once a second.
      run: { partitionsConsumedConcurrently: config.KAFKA_CONSUMER_CONCURRENCY },
      producer: producerSettings,
      // Nest appends "-server" to the group id unless told otherwise; platform teams expect the documented name.
      postfixId: '',
  };
}
