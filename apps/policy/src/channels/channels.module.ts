import { Module } from '@nestjs/common';
import { ChannelReplicaModule } from '@herald/channel-replica';
import { Channel } from './channel.entity';
import { ChannelsService, integrationOf } from './channels.service';

@Module({
  imports: [
    ChannelReplicaModule.forFeature({
      entity: Channel,
      columns: (data) => ({ phoneNumberId: data.phoneNumberId, wabaId: data.wabaId, integration: integrationOf(data) }),
      providers: [ChannelsService],
      listener: ChannelsService,
    }),
  ],
  exports: [ChannelReplicaModule],
})
export class ChannelsModule {}
