import type { CustomFieldValue } from '@herald/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { LEDGER_SCHEMA } from './ledger-schema';

/**
 * A team's customer on one phone number: made by the first message either way, or by the team. Its uuid is
 * contactUuidFor(team, phone), so every service names it without asking the ledger; `seq` orders the team's list.
 */
@Entity({ name: 'contacts', schema: LEDGER_SCHEMA })
export class Contact {
  @PrimaryColumn('char', { length: 32 })
  uuid: string;

  /** bigint, as a string: the order contacts were made in, which pages keep. */
  @Column({ type: 'bigint', unique: true, insert: false, update: false })
  seq: string;

  @Column('uuid')
  teamUuid: string;

  /** E.164, with the plus. */
  @Column('text')
  phone: string;

  /** The name the team gave; never overwritten by WhatsApp's profile name. */
  @Column('text', { nullable: true })
  name: string | null;

  @Column('text', { nullable: true })
  profileName: string | null;

  @Column('text', { array: true })
  tags: string[];

  @Column('jsonb')
  customFields: Record<string, CustomFieldValue>;

  @Column('text', { nullable: true })
  assignedUser: string | null;

  @Column('text', { nullable: true })
  note: string | null;

  /** The channel of the last message either way. */
  @Column('uuid', { nullable: true })
  channelUuid: string | null;

  @Column('text')
  source: string;

  @Column('timestamptz')
  createdAt: Date;

  @Column('timestamptz')
  updatedAt: Date;
}
