import type { SealedSecret, WebhookEventType } from '@herald/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { WEBHOOKS_SCHEMA } from './webhooks-schema';

/** A team's webhook endpoint: where its events go, which ones, and the secret they are signed with. */
@Entity({ name: 'endpoints', schema: WEBHOOKS_SCHEMA })
export class WebhookEndpoint {
  @PrimaryColumn('uuid')
  uuid: string;

  @Column('uuid')
  teamUuid: string;

  @Column('text')
  url: string;

  @Column('text', { array: true })
  events: WebhookEventType[];

  @Column('text', { nullable: true })
  description: string | null;

  @Column('boolean')
  enabled: boolean;

  /** The `whsec_...` secret, sealed (libs/whatsapp's SecretBox); opened only to sign a delivery. */
  @Column('text')
  secretSealed: SealedSecret;

  /** The secret before the last rotation, valid beside the new one until `previousSecretExpiresAt`. */
  @Column('text', { nullable: true })
  previousSecretSealed: SealedSecret | null;

  @Column('timestamptz', { nullable: true })
  previousSecretExpiresAt: Date | null;

  /** Since when every attempt to this endpoint failed; null once one succeeds. */
  @Column('timestamptz', { nullable: true })
  failingSince: Date | null;

  @Column('text', { nullable: true })
  disabledReason: string | null;

  @Column('timestamptz', { nullable: true })
  disabledAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
