import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ChannelConfiguredData } from '@herald/contracts';
import { Repository } from 'typeorm';
import { Channel } from './channel.entity';

@Injectable()
export class ChannelsRepository {
  constructor(@InjectRepository(Channel) private readonly channels: Repository<Channel>) {}

  async configure(data: ChannelConfiguredData): Promise<void> {
    await this.channels.upsert(
      { uuid: data.channelUuid, teamUuid: data.teamUuid, phoneNumberId: data.phoneNumberId, active: data.active },
      ['uuid'],
    );
  }
}
