import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ChannelConfiguredData, defaultChannelLanguage } from '@herald/contracts';
import { Repository } from 'typeorm';
import { TemplateSyncService } from '../templates/template-sync.service';
import { Channel } from './channel.entity';

@Injectable()
export class ChannelsService {
  private readonly logger = new Logger(ChannelsService.name);

  constructor(
    @InjectRepository(Channel) private readonly channels: Repository<Channel>,
    private readonly sync: TemplateSyncService,
  ) {}

  /** A channel configured (or reconfigured) brings its account's templates in at once. */
  async configure(data: ChannelConfiguredData): Promise<void> {
    await this.channels.upsert(
      {
        uuid: data.channelUuid,
        teamUuid: data.teamUuid,
        wabaId: data.wabaId,
        accessToken: data.accessToken,
        active: data.active,
        language: data.language ?? defaultChannelLanguage,
      },
      ['uuid'],
    );
    if (!data.active) return;
    // WhatsApp being unreachable must not hold the channel back: the scheduled sync tries again.
    await this.sync.syncAccount({ wabaId: data.wabaId, accessToken: data.accessToken }).catch((error: Error) => {
      this.logger.warn(`templates of account ${data.wabaId} not synced yet: ${error.message}`);
    });
  }

  find(uuid: string): Promise<Channel | null> {
    return this.channels.findOneBy({ uuid });
  }
}
