export * from './channel-base.entity';
export * from './channel-replica.repository';
export * from './channel-replica.writer';
export * from './channel-configured.consumer';
export * from './channel-replica.module';
