import { Column, Entity, PrimaryColumn } from 'typeorm';
import { LEDGER_SCHEMA } from './ledger-schema';

/**
 * A customer's message to one of a team's channels, stored once per channel however often WhatsApp or Kafka
 * delivers it: its uuid is derived from the channel and WhatsApp's id (inboundMessageUuidFor).
 */
@Entity({ name: 'inbound_messages', schema: LEDGER_SCHEMA })
export class InboundMessage {
  @PrimaryColumn('char', { length: 32 })
  uuid: string;

  @Column('uuid')
  teamUuid: string;

  @Column('uuid')
  channelUuid: string;

  /** The customer, in E.164; blank once the contact was erased. */
  @Column('text')
  phone: string;

  @Column('text')
  providerMessageId: string;

  /** WhatsApp's message type. */
  @Column('text')
  type: string;

  /**
   * Every detail the `whatsapp.inbound` event carried (text, media, location, reply, context, reaction and whatever
   * else it grows), in its camelCase; `{}` once erased.
   */
  @Column('jsonb')
  content: Record<string, unknown>;

  /** When the customer wrote, by WhatsApp's clock. */
  @Column('timestamptz')
  sentAt: Date;

  @Column('timestamptz')
  receivedAt: Date;

  @Column('timestamptz', { nullable: true })
  erasedAt: Date | null;
}
