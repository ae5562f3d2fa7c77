import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SealedSecret, WebhookEventType } from '@herald/contracts';
import { DataSource } from 'typeorm';
import { WebhookEndpoint } from './webhook-endpoint.entity';

/** What a new endpoint is made of; the secret already sealed. */
export interface NewWebhookEndpoint {
  uuid: string;
  teamUuid: string;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  enabled: boolean;
  secretSealed: SealedSecret;
}

export type WebhookEndpointChanges = Partial<Pick<WebhookEndpoint, 'url' | 'events' | 'description' | 'enabled'>>;

/** The endpoints: the ingress manages them for a team, the notifier reads them to deliver. */
@Injectable()
export class WebhookEndpointsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint> {
    throw new Error('not implemented');
  }

  /** A team's endpoints, oldest first. */
  async list(teamUuid: string): Promise<WebhookEndpoint[]> {
    throw new Error('not implemented');
  }

  /** One of a team's endpoints (another team's uuid is as unknown as one that never existed). */
  async find(teamUuid: string, uuid: string): Promise<WebhookEndpoint | null> {
    throw new Error('not implemented');
  }

  /** Changes a team's endpoint; enabling it again clears why Herald disabled it. Null when there is none. */
  async update(teamUuid: string, uuid: string, changes: WebhookEndpointChanges): Promise<WebhookEndpoint | null> {
    throw new Error('not implemented');
  }

  /** Deletes a team's endpoint and its delivery log; answers whether there was one. */
  async delete(teamUuid: string, uuid: string): Promise<boolean> {
    throw new Error('not implemented');
  }

  /** A new secret; the old one stays valid beside it until `previousValidUntil`. Null when there is no endpoint. */
  async rotateSecret(teamUuid: string, uuid: string, secretSealed: SealedSecret, previousValidUntil: Date): Promise<WebhookEndpoint | null> {
    throw new Error('not implemented');
  }

  /** The enabled endpoints of these teams that subscribe to `eventType`. */
  async subscribers(teamUuids: string[], eventType: WebhookEventType): Promise<WebhookEndpoint[]> {
    throw new Error('not implemented');
  }

  /** Endpoints by uuid (the notifier, to deliver), whoever's they are. */
  async byUuids(uuids: string[]): Promise<WebhookEndpoint[]> {
    throw new Error('not implemented');
  }

  /** An attempt succeeded: the endpoint is not failing. */
  async markHealthy(uuid: string): Promise<void> {
    throw new Error('not implemented');
  }

  /** An attempt failed: the endpoint is failing since now, unless it already was. Answers since when. */
  async markFailing(uuid: string): Promise<Date> {
    throw new Error('not implemented');
  }

  /** Herald disables an endpoint that kept failing, and says why. */
  async disable(uuid: string, reason: string): Promise<void> {
    throw new Error('not implemented');
  }
}
