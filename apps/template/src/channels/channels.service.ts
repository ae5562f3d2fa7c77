import { Injectable, Logger } from '@nestjs/common';
import { ChannelConfiguredData, defaultChannelLanguage } from '@herald/contracts';
import { ChannelConfiguredListener, ChannelReplicaRepository } from '@herald/channel-replica';
import { BatchCache } from '@herald/persistence';
import { TemplateSyncService } from '../templates/template-sync.service';
import { Channel } from './channel.entity';

/** What rendering needs of a channel: the account its templates come from, and the language they go out in. */
export type RenderingChannel = Pick<Channel, 'wabaId' | 'language'>;

/**
 * How long a channel is kept in memory. This replica's own `channel.configured` events replace it at once; another
 * replica may have consumed the change (the group shares the topic's partitions), so this bounds how long a change
 * made elsewhere (a new language) takes to be seen here.
 */
const CHANNEL_TTL_MS = 10_000;

@Injectable()
export class ChannelsService implements ChannelConfiguredListener {
  private readonly logger = new Logger(ChannelsService.name);
  private readonly cached = new BatchCache<RenderingChannel>({ max: 10_000, ttlMs: CHANNEL_TTL_MS });

  constructor(
    private readonly channels: ChannelReplicaRepository<Channel>,
    private readonly sync: TemplateSyncService,
  ) {}

  /** A channel configured (or reconfigured) brings its account's templates in at once. */
  async channelConfigured(data: ChannelConfiguredData): Promise<void> {
    this.cached.set(data.channelUuid, { wabaId: data.wabaId, language: data.language ?? defaultChannelLanguage });
    if (!data.active) return;
    // WhatsApp being unreachable must not hold the channel back: the first message naming one of the account's
    // templates tries again (TemplateSyncService.syncUnlessRecent), and so does the scheduled sync.
    await this.sync.syncAccount({ wabaId: data.wabaId, accessTokenSealed: data.accessTokenSealed }).catch((error: Error) => {
      this.logger.warn(`templates of account ${data.wabaId} not synced yet: ${error.message}`);
    });
  }

  /**
   * These channels, by the uuid as given, from memory or else in one query. A channel not announced here yet is
   * absent (and looked up again next time: it is on its way).
   */
  findMany(channelUuids: string[]): Promise<Map<string, RenderingChannel>> {
    return this.cached.getMany(channelUuids, (missing) => this.channels.columnsOf(missing, ['wabaId', 'language']));
  }
}
