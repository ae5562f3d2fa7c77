import { Inject, Injectable, Optional } from '@nestjs/common';
import type { ChannelConfiguredData } from '@herald/contracts';
import type { ChannelBase, ReplicaColumns } from './channel-base.entity';
import { ChannelReplicaRepository } from './channel-replica.repository';

/** What a service does once a configured channel is stored (refresh a cache, sync the account's templates). */
export interface ChannelConfiguredListener {
  channelConfigured(data: ChannelConfiguredData): Promise<void>;
}

/** The service's own columns of a configured channel; `uuid`, `teamUuid` and `active` are the writer's. */
export type ReplicaColumnsOf<T extends ChannelBase> = (data: ChannelConfiguredData) => ReplicaColumns<T>;

export const REPLICA_COLUMNS = Symbol('REPLICA_COLUMNS');
export const CHANNEL_CONFIGURED_LISTENER = Symbol('CHANNEL_CONFIGURED_LISTENER');

/** Keeps a service's replica of each channel as `channel.configured` last described it. */
@Injectable()
export class ChannelReplicaWriter {
  constructor(
    private readonly replica: ChannelReplicaRepository<ChannelBase>,
    @Inject(REPLICA_COLUMNS) private readonly columnsOf: ReplicaColumnsOf<ChannelBase>,
    @Optional() @Inject(CHANNEL_CONFIGURED_LISTENER) private readonly listener?: ChannelConfiguredListener,
  ) {}

  async configure(data: ChannelConfiguredData): Promise<void> {
    await this.replica.store(data, this.columnsOf(data));
    await this.listener?.channelConfigured(data);
  }
}
