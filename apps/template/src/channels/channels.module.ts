import { Module } from '@nestjs/common';
import { defaultChannelLanguage } from '@herald/contracts';
import { ChannelReplicaModule } from '@herald/channel-replica';
import { TemplatesModule } from '../templates/templates.module';
import { Channel } from './channel.entity';
import { ChannelsService } from './channels.service';

@Module({
  imports: [
    ChannelReplicaModule.forFeature({
      entity: Channel,
      columns: (data) => ({ wabaId: data.wabaId, accessTokenSealed: data.accessTokenSealed, language: data.language ?? defaultChannelLanguage }),
      imports: [TemplatesModule],
      providers: [ChannelsService],
      listener: ChannelsService,
    }),
  ],
  exports: [ChannelReplicaModule],
})
export class ChannelsModule {}
