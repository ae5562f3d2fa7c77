import { KafkaOptions, Transport } from '@nestjs/microservices';
import { BaseConfig, kafkaBrokers } from '@herald/config';
import { KafkaConfig, logLevel, Partitioners } from 'kafkajs';

/** Client settings shared by every producer, consumer and admin client of a service. */
export function kafkaClientConfig(config: BaseConfig, clientId: string): KafkaConfig {
  return {
    clientId,
    brokers: kafkaBrokers(config),
    connectionTimeout: 3000,
    requestTimeout: 30000,
    logLevel: logLevel.WARN,
    // kafkajs' default gives up after about 30 s; a broker restart can take longer, and giving up crashes the consumer.
    retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: 12 },
  };
}

/**
 * The Kafka transport of a Herald service: one consumer group per service (`herald-<service>`), so that every
 * replica of it shares the topic's partitions, reading raw bytes so a poison event can be dead-lettered as it came.
 */
export function kafkaMicroserviceOptions(config: BaseConfig, service: string): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      client: kafkaClientConfig(config, `herald-${service}`),
      consumer: {
        groupId: `herald-${service}`,
        allowAutoTopicCreation: false,
        sessionTimeout: 30_000,
        heartbeatInterval: 3_000,
        // Let a consumer restart after a broker outage rather than crash for good.
        retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: Number.MAX_SAFE_INTEGER },
      },
      // A new group starts at the beginning of each topic: events published before the first deploy still count.
      subscribe: { fromBeginning: true },
      run: { partitionsConsumedConcurrently: config.KAFKA_CONSUMER_CONCURRENCY },
      producer: { allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner },
      parser: { keepBinary: true },
      // Nest appends "-server" to the group id unless told otherwise; platform teams expect the documented name.
      postfixId: '',
    },
  };
}
