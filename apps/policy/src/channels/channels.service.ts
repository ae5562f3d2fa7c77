import { Injectable } from '@nestjs/common';
import { ChannelConfiguredData, ChannelIntegration } from '@herald/contracts';
import { ChannelConfiguredListener, ChannelReplicaRepository } from '@herald/channel-replica';
import { BatchCache } from '@herald/persistence';
import { Channel } from './channel.entity';

/** What a decision needs of a channel: whose it is and how it is connected. */
export type ChannelFacts = Pick<Channel, 'teamUuid' | 'integration'>;

/** Channels configured before integrations existed are on the official API. */
export const integrationOf = (data: ChannelConfiguredData): ChannelIntegration => data.integration ?? 'whatsapp_business_api';

/**
 * How long a channel's facts are kept in memory. This replica's own `channel.configured` events replace it at
 * once; another replica may have consumed the change (the group shares the topic's partitions), so this bounds
 * how long a change made elsewhere takes to be seen here.
 */
const INTEGRATION_TTL_MS = 10_000;

@Injectable()
export class ChannelsService implements ChannelConfiguredListener {
  private readonly facts = new BatchCache<ChannelFacts>({ max: 10_000, ttlMs: INTEGRATION_TTL_MS });

  constructor(private readonly channels: ChannelReplicaRepository<Channel>) {}

  async channelConfigured(data: ChannelConfiguredData): Promise<void> {
    this.facts.set(data.channelUuid, { teamUuid: data.teamUuid, integration: integrationOf(data) });
  }

  /**
   * Whose each of these channels is and how it is connected, by the uuid as given, from memory or else in one query.
   * A channel not announced here yet is absent (and looked up again next time: it is on its way).
   */
  factsOf(channelUuids: string[]): Promise<Map<string, ChannelFacts>> {
    return this.facts.getMany(channelUuids, (missing) => this.channels.columnsOf(missing, ['teamUuid', 'integration']));
  }

  /** The channels a business phone number serves (one, unless it was moved between teams). */
  byPhoneNumberId(phoneNumberId: string): Promise<Channel[]> {
    return this.channels.findActive({ phoneNumberId });
  }
}
