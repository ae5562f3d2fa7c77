import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** What the template service needs of a channel, kept from `channel.configured`: its account and a token to sync. */
@Entity({ name: 'channels' })
export class Channel {
  @PrimaryColumn('uuid')
  uuid: string;

  @Column('uuid')
  teamUuid: string;

  @Column('text')
  wabaId: string;

  @Column('text')
  accessToken: string;

  @Column('boolean')
  active: boolean;

  /** Templates go out in this language when a request names none and the template has it. */
  @Column('text', { default: 'en_US' })
  language: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
