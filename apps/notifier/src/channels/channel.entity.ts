import { ChannelBase } from '@herald/channel-replica';
import { Column, Entity } from 'typeorm';

/** What the notifier needs of a channel, kept from `channel.configured`: whose a message to its number is. */
@Entity({ name: 'channels' })
export class Channel extends ChannelBase {
  @Column('text')
  phoneNumberId: string;
}
