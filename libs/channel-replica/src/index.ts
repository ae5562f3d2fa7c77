export { ChannelBase } from './channel-base.entity';
export type { ReplicaColumns } from './channel-base.entity';
export { ChannelReplicaRepository } from './channel-replica.repository';
export type { ChannelConfiguredListener, ReplicaColumnsOf } from './channel-replica.writer';
export { ChannelReplicaModule } from './channel-replica.module';
export type { ChannelReplicaFeature } from './channel-replica.module';
