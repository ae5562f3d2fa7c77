import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A message a customer sent to one of the team's numbers. */
@Entity({ name: 'inbound_messages' })
export class InboundMessage {
  @PrimaryColumn('uuid')
  channelUuid: string;

  /** WhatsApp's id of the message; the same message reaches every channel of the number it was written to. */
  @PrimaryColumn('text')
  providerMessageId: string;

  @Column('text')
  phone: string;

  @Column('timestamptz')
  sentAt: Date;

  @Column('text')
  type: string;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
