import type { SealedSecret } from '@herald/contracts';
import { ChannelBase } from '@herald/channel-replica';
import { Column, Entity } from 'typeorm';

/** What the template service needs of a channel, kept from `channel.configured`: its account and a sealed token to sync with. */
@Entity({ name: 'channels' })
export class Channel extends ChannelBase {
  @Column('text')
  wabaId: string;

  /** Opened by the template sync just before it calls WhatsApp, never kept open. */
  @Column('text')
  accessTokenSealed: SealedSecret;

  /** Templates go out in this language when a request names none and the template has it. */
  @Column('text', { default: 'en_US' })
  language: string;
}
