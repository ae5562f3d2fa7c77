import type { ChannelIntegration } from '@herald/contracts';
import { ChannelBase } from '@herald/channel-replica';
import { Column, Entity } from 'typeorm';

/** What the policy needs of a channel, kept from `channel.configured`: whose it is and what it can send. */
@Entity({ name: 'channels' })
export class Channel extends ChannelBase {
  @Column('text')
  phoneNumberId: string;

  @Column('text')
  wabaId: string;

  @Column('text')
  integration: ChannelIntegration;
}
