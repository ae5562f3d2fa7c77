import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { WebhookAttemptView, WebhookDeliveryStatus, WebhookPayload } from '@herald/contracts';
import { DataSource } from 'typeorm';
import { WebhookDelivery } from './webhook-delivery.entity';

/** An event to deliver to one endpoint. */
export interface NewWebhookDelivery {
  endpointUuid: string;
  teamUuid: string;
  messageUuid: string | null;
  payload: WebhookPayload;
}

/** Which deliveries of a team to list, newest first. */
export interface DeliveryFilter {
  endpointUuid?: string;
  status?: WebhookDeliveryStatus;
  event?: string;
  /** Only deliveries older than this id (the previous page's last). */
  before?: string;
  limit: number;
}

/** How an attempt ended, for the log. */
export type AttemptOutcome =
  | { kind: 'delivered'; attempt: WebhookAttemptView }
  | { kind: 'retry'; attempt: WebhookAttemptView; nextAttemptAt: Date }
  | { kind: 'failed'; attempt: WebhookAttemptView };

/**
 * The deliveries: a queue in PostgreSQL the notifier's workers claim from, and the log the API shows. A delivery is
 * claimed only when it is due, no earlier delivery of the same message to the same endpoint is still open (so one
 * endpoint gets one message's events in order), and its endpoint has fewer than the cap under way.
 */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Queues deliveries; one already queued for the same endpoint and event id is left as it is. Answers how many were new. */
  async enqueue(deliveries: NewWebhookDelivery[]): Promise<number> {
    throw new Error('not implemented');
  }

  /**
   * Claims up to `limit` due deliveries for `leaseMs` (another worker takes over a lease that ran out: its worker
   * died), at most `perEndpoint` under way per endpoint at once, each message's oldest open one per endpoint first.
   */
  async claim(limit: number, perEndpoint: number, leaseMs: number): Promise<WebhookDelivery[]> {
    throw new Error('not implemented');
  }

  /** Records an attempt's outcome and lets go of the lease. */
  async settle(id: string, outcome: AttemptOutcome): Promise<void> {
    throw new Error('not implemented');
  }

  /** Fails every open delivery of an endpoint Herald disabled. */
  async failOpen(endpointUuid: string, attempt: WebhookAttemptView): Promise<number> {
    throw new Error('not implemented');
  }

  async list(teamUuid: string, filter: DeliveryFilter): Promise<WebhookDelivery[]> {
    throw new Error('not implemented');
  }

  async find(teamUuid: string, id: string): Promise<WebhookDelivery | null> {
    throw new Error('not implemented');
  }

  /** Queues a delivery again, due now, with its event id; answers it, or null when the team has none with that id. */
  async replay(teamUuid: string, id: string): Promise<WebhookDelivery | null> {
    throw new Error('not implemented');
  }

  /** Queues again every delivery of an endpoint made since `since`; answers how many. */
  async replaySince(teamUuid: string, endpointUuid: string, since: Date): Promise<number> {
    throw new Error('not implemented');
  }

  /** Deletes up to `limit` deliveries older than `days` that are not open; answers how many. */
  async deleteOlderThan(days: number, limit: number): Promise<number> {
    throw new Error('not implemented');
  }
}
