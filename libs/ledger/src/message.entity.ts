import type { MessageFailure, MessageStatus, MessageStatusChange, MessageWarning, SendMessageDto } from '@herald/contracts';
import { LEDGER_SCHEMA } from './ledger-schema';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The message ledger: one row per accepted message, its request, its status and the history of it. The ledger
 * worker owns the table (the `ledger` schema); the ingress writes a row as it accepts the message and reads rows for
 * the API, through this library.
 */
@Entity({ name: 'messages', schema: LEDGER_SCHEMA })
export class Message {
  @PrimaryColumn('char', { length: 32 })
  uuid: string;

  @Column('uuid')
  teamUuid: string;

  @Column('uuid')
  channelUuid: string;

  @Column('text')
  to: string;

  @Column('jsonb')
  request: SendMessageDto;

  @Column('text')
  status: MessageStatus;

  /** Every status the message went through, with the time it happened (the provider's time when it says). */
  @Column('jsonb')
  statusHistory: MessageStatusChange[];

  @Column('text', { nullable: true })
  providerMessageId: string | null;

  @Column('jsonb', { nullable: true })
  failure: MessageFailure | null;

  /** The text as the customer reads it (a template with its placeholders filled), once the template service made it. */
  @Column('text', { nullable: true })
  renderedText: string | null;

  /** Things the client should know although the message is sent (an assignee who is not on the team). */
  @Column('jsonb', { nullable: true })
  warnings: MessageWarning[] | null;

  /**
   * Set on the row of a message refused with 503 after its accept's connection broke (WITHDRAW_UNSETTLED): hidden,
   * never sent, deleted by the retention sweep. Rows withdrawn by versions before the outbox come back with an event.
   */
  @Column('timestamptz', { nullable: true })
  withdrawnAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
