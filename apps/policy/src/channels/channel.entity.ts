import type { ChannelIntegration } from '@herald/contracts';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** What the policy needs of a channel, kept from `channel.configured`: whose it is and what it can send. */
@Entity({ name: 'channels' })
export class Channel {
  @PrimaryColumn('uuid')
  uuid: string;

  @Column('uuid')
  teamUuid: string;

  @Column('text')
  phoneNumberId: string;

  @Column('text')
  wabaId: string;

  @Column('text')
  integration: ChannelIntegration;

  @Column('boolean')
  active: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
