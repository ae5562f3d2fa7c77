import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ChannelConfiguredData } from '@herald/contracts';
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
        wabaId: data.wabaId,
        integration: data.integration ?? 'whatsapp_business_api',
        active: data.active,
      },
      ['uuid'],
    );
  }

  find(uuid: string): Promise<Channel | null> {
    return this.channels.findOneBy({ uuid });
  }

  /** The channels a business phone number serves (one, unless it was moved between teams). */
  byPhoneNumberId(phoneNumberId: string): Promise<Channel[]> {
    return this.channels.findBy({ phoneNumberId, active: true });
  }
}
