import { Module } from '@nestjs/common';
import { ChannelReplicaModule } from '@herald/channel-replica';
import { Channel } from './channel.entity';

/** The ledger's copy of the channels: a status counts only from the phone number of its message's channel. */
@Module({
  imports: [ChannelReplicaModule.forFeature({ entity: Channel, columns: (data) => ({ phoneNumberId: data.phoneNumberId }) })],
})
export class ChannelsModule {}
