import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { ChannelConfiguredData, ChannelIntegration } from '@herald/contracts';
import { queryRows } from '@herald/persistence';
import { LRUCache } from 'lru-cache';
import { DataSource, Repository } from 'typeorm';
import { Channel } from './channel.entity';

/**
 * How long a channel's integration is kept in memory. This replica's own `channel.configured` events replace it at
 * once; another replica may have consumed the change (the group shares the topic's partitions), so this bounds
 * how long a change made elsewhere takes to be seen here.
 */
const INTEGRATION_TTL_MS = 10_000;

@Injectable()
export class ChannelsService {
  private readonly integrations = new LRUCache<string, ChannelIntegration>({ max: 10_000, ttl: INTEGRATION_TTL_MS });
  /** Bumped by every configuration, so a lookup that raced one does not keep what it read. */
  private generation = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Channel) private readonly channels: Repository<Channel>,
  ) {}

  async configure(data: ChannelConfiguredData): Promise<void> {
    const integration = data.integration ?? 'whatsapp_business_api';
    await this.channels.upsert(
      {
        uuid: data.channelUuid,
        teamUuid: data.teamUuid,
        phoneNumberId: data.phoneNumberId,
        wabaId: data.wabaId,
        integration,
        active: data.active,
      },
      ['uuid'],
    );
    this.generation += 1;
    this.integrations.set(data.channelUuid, integration);
  }

  /**
   * How each of these channels is connected, by the uuid as given, from memory or else in one query. A channel not
   * announced here yet is absent (and looked up again next time: it is on its way).
   */
  async integrationsOf(channelUuids: string[]): Promise<Map<string, ChannelIntegration>> {
    const found = new Map<string, ChannelIntegration>();
    const missing: string[] = [];
    for (const uuid of new Set(channelUuids)) {
      const integration = this.integrations.get(uuid);
      if (integration) found.set(uuid, integration);
      else missing.push(uuid);
    }
    if (missing.length === 0) return found;
    const generation = this.generation;
    const rows = await queryRows<{ requested: string; integration: ChannelIntegration }>(
      this.dataSource,
      `SELECT requested.uuid AS requested, channels.integration
         FROM unnest($1::text[]) AS requested(uuid)
         JOIN channels ON channels.uuid = requested.uuid::uuid`,
      [missing],
    );
    for (const row of rows) {
      found.set(row.requested, row.integration);
      if (generation === this.generation) this.integrations.set(row.requested, row.integration);
    }
    return found;
  }

  /** The channels a business phone number serves (one, unless it was moved between teams). */
  byPhoneNumberId(phoneNumberId: string): Promise<Channel[]> {
    return this.channels.findBy({ phoneNumberId, active: true });
  }
}
