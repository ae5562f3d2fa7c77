import type { WebhookAttemptView, WebhookDeliveryStatus, WebhookPayload } from '@herald/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { WEBHOOKS_SCHEMA } from './webhooks-schema';

/** One event for one endpoint, from its first attempt to its last: the delivery log. */
@Entity({ name: 'deliveries', schema: WEBHOOKS_SCHEMA })
export class WebhookDelivery {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column('uuid')
  endpointUuid: string;

  @Column('uuid')
  teamUuid: string;

  /** `evt_...`, the same on every attempt and replay; unique per endpoint. */
  @Column('text')
  eventId: string;

  @Column('text')
  eventType: string;

  /** The message the event is about: one endpoint gets one message's events in order. */
  @Column('char', { length: 32, nullable: true })
  messageUuid: string | null;

  @Column('jsonb')
  payload: WebhookPayload;

  @Column('text')
  status: WebhookDeliveryStatus;

  @Column('jsonb')
  attempts: WebhookAttemptView[];

  /** When the next attempt is due; null once delivered or failed for good. */
  @Column('timestamptz', { nullable: true })
  nextAttemptAt: Date | null;

  /** Retried until then (24 hours after it was queued, or replayed); failed after. */
  @Column('timestamptz')
  retryUntil: Date;

  /** A worker holds the delivery until then (its attempt under way); another takes it over after. */
  @Column('timestamptz', { nullable: true })
  leasedUntil: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  deliveredAt: Date | null;
}
