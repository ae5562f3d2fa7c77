import type { SealedSecret } from '@herald/contracts';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** What the template service needs of a channel, kept from `channel.configured`: its account and a sealed token to sync with. */
@Entity({ name: 'channels' })
export class Channel {
  @PrimaryColumn('uuid')
  uuid: string;

  @Column('uuid')
  teamUuid: string;

  @Column('text')
  wabaId: string;

  /** Opened by the template sync just before it calls WhatsApp, never kept open. */
  @Column('text')
  accessTokenSealed: SealedSecret;

  @Column('boolean')
  active: boolean;

  /** Templates go out in this language when a request names none and the template has it. */
  @Column('text', { default: 'en_US' })
  language: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
