import { Module } from '@nestjs/common';
import { ChannelReplicaModule } from '@herald/channel-replica';
import { Channel } from './channel.entity';

/**
 * The ledger's copy of the channels: a status counts only from the phone number of its message's channel, and a
 * customer's message, which names only the number, belongs to the team of each active channel with it.
 */
@Module({
  imports: [ChannelReplicaModule.forFeature({ entity: Channel, columns: (data) => ({ phoneNumberId: data.phoneNumberId }) })],
  exports: [ChannelReplicaModule],
})
export class ChannelsModule {}
