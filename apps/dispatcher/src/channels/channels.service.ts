import { Injectable } from '@nestjs/common';
import { ChannelReplicaRepository } from '@herald/channel-replica';
import { Channel } from './channel.entity';

@Injectable()
export class ChannelsService {
  constructor(private readonly channels: ChannelReplicaRepository<Channel>) {}

  /** WhatsApp refused the channel's credentials: it stays so until the channel is configured again. */
  markUnhealthy(uuid: string, reason: string): Promise<void> {
    return this.channels.update(uuid, { unhealthyReason: reason, unhealthySince: new Date() });
  }

  find(uuid: string): Promise<Channel | null> {
    return this.channels.findOne(uuid);
  }
}
