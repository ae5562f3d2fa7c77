import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A message a customer sent to one of the team's numbers. */
@Entity({ name: 'inbound_messages' })
export class InboundMessage {
  @PrimaryColumn('text')
  providerMessageId: string;

  @Column('uuid')
  channelUuid: string;

  @Column('text')
  phone: string;

  @Column('timestamptz')
  sentAt: Date;

  @Column('text')
  type: string;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
