// First: kafkajs' request queue is mended, and its idle fetches made to wait for an event, before any client is made.
export * from './kafkajs-request-queue.fix';
export * from './kafkajs-idle-fetch';
export * from './kafka.options';
export * from './kafka-logger';
export * from './kafka.module';
export * from './service-name';
export * from './event-publisher.service';
export * from './event-processor.service';
export * from './topic-provisioner.service';
export * from './kafka.health';
export * from './consumer-status';
export * from './transient-failure';
export * from './consumer-lag.service';
export * from './kafka-batch';
export * from './batch-kafka.server';
export * from './dead-letters.service';
export * from './kafkajs-types';
