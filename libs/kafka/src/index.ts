export * from './kafka.options';
export * from './kafka.module';
export * from './service-name';
export * from './event-publisher.service';
export * from './event-processor.service';
export * from './topic-provisioner.service';
export * from './kafka.health';
export * from './consumer-status';
