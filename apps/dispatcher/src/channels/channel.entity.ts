import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** What the dispatcher needs of a channel to send through it, kept from `channel.configured`. */
@Entity({ name: 'channels' })
export class Channel {
  @PrimaryColumn('uuid')
  uuid: string;

  @Column('uuid')
  teamUuid: string;

  @Column('text')
  phoneNumberId: string;

  @Column('text')
  accessToken: string;

  @Column('boolean')
  active: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
