import { DynamicModule, Module, ModuleMetadata, Provider, Type } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ChannelBase } from './channel-base.entity';
import { ChannelConfiguredConsumer } from './channel-configured.consumer';
import { ChannelReplicaRepository } from './channel-replica.repository';
import {
  CHANNEL_CONFIGURED_LISTENER,
  ChannelConfiguredListener,
  ChannelReplicaWriter,
  REPLICA_COLUMNS,
  ReplicaColumnsOf,
} from './channel-replica.writer';

export interface ChannelReplicaFeature<T extends ChannelBase> {
  /** The service's `channels` entity (listed in its ServiceDatabase too). */
  entity: Type<T>;
  /** The service's own columns of a configured channel, from the event. */
  columns: ReplicaColumnsOf<T>;
  /** The service's providers built on the replica (they may inject ChannelReplicaRepository); exported. */
  providers?: Array<Type<unknown>>;
  /** What those providers need from the rest of the service. */
  imports?: ModuleMetadata['imports'];
  /** One of `providers`, told of each configured channel once it is stored. */
  listener?: Type<ChannelConfiguredListener>;
}

/**
 * A service's replica of the channels: its `channels` table kept from `channel.configured`, and the repository that
 * reads it. A service imports it once, from its own channels module, which re-exports it:
 *
 *     @Entity({ name: 'channels' })
 *     export class Channel extends ChannelBase {
 *       @Column('text')
 *       phoneNumberId: string;
 *     }
 *
 *     @Module({
 *       imports: [ChannelReplicaModule.forFeature({ entity: Channel, columns: (data) => ({ phoneNumberId: data.phoneNumberId }) })],
 *       exports: [ChannelReplicaModule],
 *     })
 *     export class ChannelsModule {}
 *
 * The entity goes in the service's ServiceDatabase, and a migration of the service creates the table: `uuid uuid
 * PRIMARY KEY, team_uuid uuid NOT NULL, active boolean NOT NULL, updated_at timestamptz NOT NULL DEFAULT now()` and
 * the service's own columns. The service's consumer group reads the compacted topic from its beginning, so a new
 * replica fills with every channel's latest configuration.
 */
@Module({})
export class ChannelReplicaModule {
  static forFeature<T extends ChannelBase>({
    entity,
    columns,
    providers = [],
    imports = [],
    listener,
  }: ChannelReplicaFeature<T>): DynamicModule {
    const listening: Provider[] = listener
      ? [{ provide: CHANNEL_CONFIGURED_LISTENER, useExisting: listener }]
      : [];
    return {
      module: ChannelReplicaModule,
      imports,
      controllers: [ChannelConfiguredConsumer],
      providers: [
        {
          provide: ChannelReplicaRepository,
          inject: [getDataSourceToken()],
          useFactory: (dataSource: DataSource) => new ChannelReplicaRepository(dataSource, entity),
        },
        { provide: REPLICA_COLUMNS, useValue: columns },
        ChannelReplicaWriter,
        ...providers,
        ...listening,
      ],
      exports: [ChannelReplicaRepository, ...providers],
    };
  }
}
