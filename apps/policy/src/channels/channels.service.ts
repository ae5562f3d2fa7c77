import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { ChannelConfiguredData, ChannelIntegration } from '@herald/contracts';
import { BatchCache, queryRows } from '@herald/persistence';
import { DataSource, Repository } from 'typeorm';
import { Channel } from './channel.entity';

/** What a decision needs of a channel: whose it is and how it is connected. */
export interface ChannelFacts {
  teamUuid: string;
  integration: ChannelIntegration;
}

/**
 * How long a channel's facts are kept in memory. This replica's own `channel.configured` events replace it at
 * once; another replica may have consumed the change (the group shares the topic's partitions), so this bounds
 * how long a change made elsewhere takes to be seen here.
 */
const INTEGRATION_TTL_MS = 10_000;

@Injectable()
export class ChannelsService {
  private readonly facts = new BatchCache<ChannelFacts>({ max: 10_000, ttlMs: INTEGRATION_TTL_MS });

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
    this.facts.set(data.channelUuid, { teamUuid: data.teamUuid, integration });
  }

  /**
   * Whose each of these channels is and how it is connected, by the uuid as given, from memory or else in one query.
   * A channel not announced here yet is absent (and looked up again next time: it is on its way).
   */
  factsOf(channelUuids: string[]): Promise<Map<string, ChannelFacts>> {
    return this.facts.getMany(channelUuids, async (missing) => {
      const rows = await queryRows<{ requested: string; team_uuid: string; integration: ChannelIntegration }>(
        this.dataSource,
        `SELECT requested.uuid AS requested, channels.team_uuid, channels.integration
           FROM unnest($1::text[]) AS requested(uuid)
           JOIN channels ON channels.uuid = requested.uuid::uuid`,
        [missing],
      );
      return new Map(rows.map((row) => [row.requested, { teamUuid: row.team_uuid, integration: row.integration }]));
    });
  }

  /** The channels a business phone number serves (one, unless it was moved between teams). */
  byPhoneNumberId(phoneNumberId: string): Promise<Channel[]> {
    return this.channels.findBy({ phoneNumberId, active: true });
  }
}
