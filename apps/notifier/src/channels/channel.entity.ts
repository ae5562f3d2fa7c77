import { ChannelBase } from '@herald/channel-replica';
import { Column, Entity } from 'typeorm';

/** What the notifier needs of a channel, kept from `channel.configured`: the number inbound messages come to. */
@Entity({ name: 'channels' })
export class Channel extends ChannelBase {
  @Column('text')
  phoneNumberId: string;
}
