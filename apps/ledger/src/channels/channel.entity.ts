import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** What the ledger needs of a channel, kept from `channel.configured`: the phone number its statuses come from. */
@Entity({ name: 'channels' })
export class Channel {
  @PrimaryColumn('uuid')
  uuid: string;

  @Column('uuid')
  teamUuid: string;

  @Column('text')
  phoneNumberId: string;

  @Column('boolean')
  active: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
