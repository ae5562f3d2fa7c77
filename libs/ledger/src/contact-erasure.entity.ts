import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LEDGER_SCHEMA } from './ledger-schema';

/** That a contact's personal data was erased, when, and at whose request: nothing of the contact but its uuid. */
@Entity({ name: 'contact_erasures', schema: LEDGER_SCHEMA })
export class ContactErasure {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('uuid')
  teamUuid: string;

  @Column('char', { length: 32 })
  contactUuid: string;

  @Column('timestamptz')
  erasedAt: Date;

  @Column('text')
  requestedBy: string;

  @Column('int')
  messagesErased: number;
}
