import { DynamicModule, Global, Module } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { TerminusModule } from '@nestjs/terminus';
import { BaseConfig } from '@herald/config';
import { Partitioners } from 'kafkajs';
import { ConsumerLag } from './consumer-lag.service';
import { ConsumerStatus } from './consumer-status';
import { EventProcessor } from './event-processor.service';
import { EventPublisher, KAFKA_PRODUCER } from './event-publisher.service';
import { KafkaHealthIndicator } from './kafka.health';
import { kafkaClientConfig } from './kafka.options';
import { SERVICE_NAME } from './service-name';
import { TopicProvisioner } from './topic-provisioner.service';

/** Kafka for a Herald service: the producer, the one way to process events, topic provisioning, health. */
@Global()
@Module({})
export class KafkaModule {
  static forRoot({ service }: { service: string }): DynamicModule {
    return {
      module: KafkaModule,
      imports: [TerminusModule],
      providers: [
        { provide: SERVICE_NAME, useValue: service },
        {
          provide: KAFKA_PRODUCER,
          inject: [BaseConfig],
          useFactory: (config: BaseConfig) =>
            new ClientKafka({
              client: (() => {
                const client = kafkaClientConfig(config, `herald-${service}-producer`);
                return { ...client, retry: { ...client.retry, retries: config.KAFKA_PRODUCER_RETRIES } };
              })(),
              // kafkajs' idempotent producer is experimental; consumers dedupe by message uuid instead.
              producer: { allowAutoTopicCreation: false, idempotent: false, createPartitioner: Partitioners.DefaultPartitioner },
              // Every in-sync replica must have the event before a caller is told it is published.
              send: { acks: -1 },
              producerOnlyMode: true,
              postfixId: '',
            }),
        },
        EventPublisher,
        EventProcessor,
        TopicProvisioner,
        KafkaHealthIndicator,
        ConsumerStatus,
        ConsumerLag,
      ],
      exports: [SERVICE_NAME, EventPublisher, EventProcessor, TopicProvisioner, KafkaHealthIndicator, ConsumerStatus, ConsumerLag],
    };
  }
}
