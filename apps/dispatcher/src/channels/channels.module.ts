import { Module } from '@nestjs/common';
import { defaultMessagesPerSecond } from '@herald/contracts';
import { ChannelReplicaModule } from '@herald/channel-replica';
import { Channel } from './channel.entity';
import { ChannelsService } from './channels.service';

@Module({
  imports: [
    ChannelReplicaModule.forFeature({
      entity: Channel,
      // New credentials may work where the old ones were refused: a configured channel is healthy until a send says not.
      columns: (data) => ({
        phoneNumberId: data.phoneNumberId,
        accessTokenSealed: data.accessTokenSealed,
        messagesPerSecond: data.messagesPerSecond ?? defaultMessagesPerSecond,
        unhealthyReason: null,
        unhealthySince: null,
      }),
      providers: [ChannelsService],
    }),
  ],
  exports: [ChannelReplicaModule],
})
export class ChannelsModule {}
