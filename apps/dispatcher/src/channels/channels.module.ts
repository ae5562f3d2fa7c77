import { Module } from '@nestjs/common';
import { defaultMessagesPerSecond } from '@herald/contracts';
import { ChannelReplicaModule } from '@herald/channel-replica';
import { Channel } from './channel.entity';
import { ChannelHealthRepository } from './channel-health.repository';
import { ChannelsService } from './channels.service';

@Module({
  imports: [
    ChannelReplicaModule.forFeature({
      entity: Channel,
      // The health columns are not among them: ChannelsService clears them, to tell whether the channel was unhealthy.
      columns: (data) => ({
        phoneNumberId: data.phoneNumberId,
        accessTokenSealed: data.accessTokenSealed,
        messagesPerSecond: data.messagesPerSecond ?? defaultMessagesPerSecond,
      }),
      providers: [ChannelsService, ChannelHealthRepository],
      listener: ChannelsService,
    }),
  ],
  exports: [ChannelReplicaModule],
})
export class ChannelsModule {}
