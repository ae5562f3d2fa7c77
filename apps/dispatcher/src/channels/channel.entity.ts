import type { SealedSecret } from '@herald/contracts';
import { ChannelBase } from '@herald/channel-replica';
import { Column, Entity } from 'typeorm';

/** What the dispatcher needs of a channel to send through it, kept from `channel.configured`. */
@Entity({ name: 'channels' })
export class Channel extends ChannelBase {
  @Column('text')
  phoneNumberId: string;

  /** Opened by the send worker just before each call, never kept open. */
  @Column('text')
  accessTokenSealed: SealedSecret;

  /** The number's WhatsApp throughput limit, shared by every dispatcher replica through `send_slots`. */
  @Column('int', { default: 80 })
  messagesPerSecond: number;

  /** Why WhatsApp last refused the channel's credentials; cleared when the channel is configured again. */
  @Column('text', { nullable: true })
  unhealthyReason: string | null;

  @Column('timestamptz', { nullable: true })
  unhealthySince: Date | null;

  /**
   * When the latest call of this channel that a status webhook named left: the channel's webhooks are shown to
   * arrive for calls up to here, so a send of unknown outcome called before it never reached WhatsApp.
   */
  @Column('timestamptz', { nullable: true })
  lastCallWithStatusAt: Date | null;
}
