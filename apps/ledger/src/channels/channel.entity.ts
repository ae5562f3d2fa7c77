import { ChannelBase } from '@herald/channel-replica';
import { Column, Entity } from 'typeorm';

/** What the ledger needs of a channel, kept from `channel.configured`: the phone number its statuses come from. */
@Entity({ name: 'channels' })
export class Channel extends ChannelBase {
  @Column('text')
  phoneNumberId: string;
}
