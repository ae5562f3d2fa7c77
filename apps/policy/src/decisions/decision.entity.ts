import type { MessageWarning, RejectionCode } from '@herald/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The one decision about a message: a replayed request gets this one again, never a second. */
@Entity({ name: 'decisions' })
export class Decision {
  @PrimaryColumn('char', { length: 32 })
  messageUuid: string;

  @Column('boolean')
  approved: boolean;

  @Column('text', { nullable: true })
  reasonCode: RejectionCode | null;

  @Column('text', { nullable: true })
  reasonMessage: string | null;

  @Column('text', { nullable: true })
  assignee: string | null;

  @Column('jsonb', { nullable: true })
  warnings: MessageWarning[] | null;

  @Column('timestamptz')
  decidedAt: Date;
}
