import { DynamicModule, Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { BaseConfig } from '@herald/config';
import { ConsumerLag } from './consumer-lag.service';
import { ConsumerStatus } from './consumer-status';
import { DeadLetters } from './dead-letters.service';
import { EventProcessor } from './event-processor.service';
import { EventPublisher, KAFKA_PRODUCER } from './event-publisher.service';
import { KafkaHealthIndicator } from './kafka.health';
import { kafkaProducerClient } from './kafka.options';
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
          useFactory: (config: BaseConfig) => kafkaProducerClient(config, service),
        },
        EventPublisher,
        EventProcessor,
        TopicProvisioner,
        KafkaHealthIndicator,
        ConsumerStatus,
        ConsumerLag,
        DeadLetters,
      ],
      exports: [SERVICE_NAME, EventPublisher, EventProcessor, TopicProvisioner, KafkaHealthIndicator, ConsumerStatus, ConsumerLag, DeadLetters],
    };
  }
}
