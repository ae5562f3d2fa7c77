import { Module } from '@nestjs/common';
import { ChannelReplicaModule } from '@herald/channel-replica';
import { Channel } from './channel.entity';

/** The notifier's copy of the channels: an inbound message names only its phone number, the team is the channel's. */
@Module({
  imports: [ChannelReplicaModule.forFeature({ entity: Channel, columns: (data) => ({ phoneNumberId: data.phoneNumberId }) })],
  exports: [ChannelReplicaModule],
})
export class ChannelsModule {}
