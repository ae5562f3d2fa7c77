import type { FailureReason, MessageReadyData } from '@herald/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * - `queued`: waiting for its turn (its contact's earlier messages, its retry time, a free slot of its channel).
 * - `claimed`: a replica took it but its channel cannot send (it is about to be failed); not called, so a lapsed
 *   claim is simply queued again.
 * - `sending`: a replica took it with its channel's next slot, and the call is (or was) under way from that slot.
 *   When it lapses without an answer, the status webhook that names the message (`biz_opaque_callback_data`)
 *   settles it as sent. With no webhook within the reconcile window, it is queued again if a status webhook named a
 *   later call of its channel (the channel's webhooks arrive, so WhatsApp never took it); else it is `unknown`.
 * - `unknown`: held, neither sent again nor given up: its webhook settles it as sent, a status webhook of a later
 *   call of its channel or an operator (`herald messages resend|abandon`) queues it again or fails it. It does not
 *   hold back its contact's later messages, which may take hours to settle.
 * - `sent`: WhatsApp accepted it (`providerMessageId` is its wamid).
 * - `failed`: refused for good, or retried until the attempts ran out.
 */
export type DispatchState = 'queued' | 'claimed' | 'sending' | 'unknown' | 'sent' | 'failed';

/** The dispatcher's send queue and record: at most one accepted send per message uuid. */
@Entity({ name: 'dispatches' })
export class Dispatch {
  @PrimaryColumn('char', { length: 32 })
  messageUuid: string;

  /** Arrival order: one contact's messages go out in this order. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column('uuid')
  channelUuid: string;

  @Column('text')
  recipient: string;

  @Column('jsonb', { nullable: true })
  message: MessageReadyData | null;

  @Column('text', { nullable: true })
  requestId: string | null;

  @Column('text')
  state: DispatchState;

  /** Calls made to WhatsApp. */
  @Column('int')
  attempts: number;

  /** Retries caused by throughput limits, which do not use up `attempts`' budget. */
  @Column('int', { default: 0 })
  throttledRetries: number;

  @Column('timestamptz')
  notBefore: Date;

  @Column('timestamptz', { nullable: true })
  leaseUntil: Date | null;

  /** When its latest call left (its slot). */
  @Column('timestamptz', { nullable: true })
  calledAt: Date | null;

  @Column('uuid', { nullable: true })
  claimToken: string | null;

  @Column('text', { nullable: true })
  providerMessageId: string | null;

  @Column('jsonb', { nullable: true })
  failure: FailureReason | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
