import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An `Idempotency-Key` a team used, the request it came with and the message it created; kept 24 hours. */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKey {
  @PrimaryColumn('uuid')
  teamUuid: string;

  @PrimaryColumn('text')
  key: string;

  /** SHA-256 of the request, canonicalised: the same key with another request is a conflict. */
  @Column('char', { length: 64 })
  requestHash: string;

  @Column('char', { length: 32 })
  messageUuid: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
