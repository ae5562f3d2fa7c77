import { Injectable, Logger } from '@nestjs/common';
import { ChannelConfiguredData, ChannelHealthData, channelHealthKey, envelope, ProviderFailureCode, Topics } from '@herald/contracts';
import { ChannelConfiguredListener, ChannelReplicaRepository } from '@herald/channel-replica';
import { EventPublisher, untilAvailable } from '@herald/kafka';
import { Channel } from './channel.entity';
import { ChannelHealthRepository } from './channel-health.repository';

/** Why WhatsApp refused a channel's credentials: the reason code, WhatsApp's words and its error code. */
export interface UnhealthyReason {
  code: ProviderFailureCode;
  message: string;
  providerCode?: number;
}

/**
 * The dispatcher's channels, and their health: a channel whose credentials WhatsApp refused is unhealthy until it is
 * configured again (new credentials may work). Each change of health is published on `channel.health` once.
 */
@Injectable()
export class ChannelsService implements ChannelConfiguredListener {
  private readonly logger = new Logger(ChannelsService.name);

  constructor(
    private readonly channels: ChannelReplicaRepository<Channel>,
    private readonly health: ChannelHealthRepository,
    private readonly publisher: EventPublisher,
  ) {}

  /**
   * WhatsApp refused the channel's credentials. Only the call that finds the channel healthy publishes: a burst of
   * refused sends is one event. The change is recorded, then published, each however long its store is away: once
   * recorded, no later call would publish it.
   */
  async markUnhealthy(channelUuid: string, reason: UnhealthyReason): Promise<void> {
    const at = new Date();
    const changed = await untilAvailable(() => this.health.markUnhealthy(channelUuid, reason.code, at), this.retrying(channelUuid));
    if (!changed) return;
    this.logger.warn(`channel ${channelUuid}: unhealthy (${reason.code})`);
    await this.announce({
      channelUuid,
      teamUuid: changed.teamUuid,
      healthy: false,
      reason: reason.code,
      message: reason.message,
      ...(reason.providerCode !== undefined ? { providerCode: reason.providerCode } : {}),
      at: at.toISOString(),
    });
  }

  /** A configured channel is healthy again, if it was not, until a send says otherwise. */
  async channelConfigured({ channelUuid }: ChannelConfiguredData): Promise<void> {
    const changed = await this.health.markHealthy(channelUuid);
    if (!changed) return;
    await this.announce({ channelUuid, teamUuid: changed.teamUuid, healthy: true, at: new Date().toISOString() });
  }

  find(uuid: string): Promise<Channel | null> {
    return this.channels.findOne(uuid);
  }

  private announce(data: ChannelHealthData): Promise<void> {
    return untilAvailable(
      () => this.publisher.publish({ topic: Topics.ChannelHealth, key: channelHealthKey(data), event: envelope(Topics.ChannelHealth, data) }),
      this.retrying(data.channelUuid),
    );
  }

  private retrying(channelUuid: string) {
    return (error: unknown, delay: number) =>
      this.logger.warn(`channel ${channelUuid}: health change not recorded and published yet (${(error as Error).message}); retrying in ${delay} ms`);
  }
}
