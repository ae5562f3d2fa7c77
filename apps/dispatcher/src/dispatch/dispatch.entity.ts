import type { FailureReason } from '@herald/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * - `sending`: the attempt is recorded and the call is (or was) under way. A row found in this state by a later
 *   delivery of the same event means the outcome of that call is unknown: it is not sent again.
 * - `sent`: the provider accepted it (`providerMessageId` is its wamid).
 * - `failed`: the provider refused it for good.
 */
export type DispatchState = 'sending' | 'sent' | 'failed';

/** The dispatcher's record of each message it sends: at most one send per message uuid. */
@Entity({ name: 'dispatches' })
export class Dispatch {
  @PrimaryColumn('char', { length: 32 })
  messageUuid: string;

  @Column('uuid')
  channelUuid: string;

  @Column('text')
  state: DispatchState;

  @Column('int')
  attempts: number;

  @Column('text', { nullable: true })
  providerMessageId: string | null;

  @Column('jsonb', { nullable: true })
  failure: FailureReason | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
