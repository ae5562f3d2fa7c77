import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ChannelConfiguredData, defaultMessagesPerSecond } from '@herald/contracts';
import { Repository } from 'typeorm';
import { Channel } from './channel.entity';

@Injectable()
export class ChannelsService {
  constructor(@InjectRepository(Channel) private readonly channels: Repository<Channel>) {}

  async configure(data: ChannelConfiguredData): Promise<void> {
    await this.channels.upsert(
      {
        uuid: data.channelUuid,
        teamUuid: data.teamUuid,
        phoneNumberId: data.phoneNumberId,
        accessTokenSealed: data.accessTokenSealed,
        active: data.active,
        messagesPerSecond: data.messagesPerSecond ?? defaultMessagesPerSecond,
        unhealthyReason: null,
        unhealthySince: null,
      },
      ['uuid'],
    );
  }

  async markUnhealthy(uuid: string, reason: string): Promise<void> {
    await this.channels.update({ uuid }, { unhealthyReason: reason, unhealthySince: new Date() });
  }

  find(uuid: string): Promise<Channel | null> {
    return this.channels.findOneBy({ uuid });
  }
}
