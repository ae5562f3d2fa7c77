import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SealedSecret, WebhookEventType } from '@herald/contracts';
import { queryRows } from '@herald/persistence';
import { DataSource, In, Repository } from 'typeorm';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WEBHOOKS_SCHEMA } from './webhooks-schema';

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
  private readonly endpoints: Repository<WebhookEndpoint>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.endpoints = dataSource.getRepository(WebhookEndpoint);
  }

  async create(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint> {
    await this.endpoints.insert({ ...endpoint, previousSecretSealed: null, previousSecretExpiresAt: null, failingSince: null, disabledReason: null, disabledAt: null });
    return this.endpoints.findOneByOrFail({ uuid: endpoint.uuid });
  }

  /** A team's endpoints, oldest first. */
  async list(teamUuid: string): Promise<WebhookEndpoint[]> {
    return this.endpoints.find({ where: { teamUuid }, order: { createdAt: 'ASC', uuid: 'ASC' } });
  }

  /** One of a team's endpoints (another team's uuid is as unknown as one that never existed). */
  async find(teamUuid: string, uuid: string): Promise<WebhookEndpoint | null> {
    return this.endpoints.findOneBy({ teamUuid, uuid });
  }

  /** Changes a team's endpoint; enabling it again clears why Herald disabled it. Null when there is none. */
  async update(teamUuid: string, uuid: string, changes: WebhookEndpointChanges): Promise<WebhookEndpoint | null> {
    const endpoint = await this.find(teamUuid, uuid);
    if (!endpoint) return null;
    const enabledAgain = changes.enabled === true && !endpoint.enabled;
    await this.endpoints.update(
      { uuid },
      { ...changes, ...(enabledAgain ? { disabledReason: null, disabledAt: null, failingSince: null } : {}) },
    );
    return this.endpoints.findOneByOrFail({ uuid });
  }

  /** Deletes a team's endpoint and its delivery log; answers whether there was one. */
  async delete(teamUuid: string, uuid: string): Promise<boolean> {
    const result = await this.endpoints.delete({ teamUuid, uuid });
    return (result.affected ?? 0) > 0;
  }

  /** A new secret; the old one stays valid beside it until `previousValidUntil`. Null when there is no endpoint. */
  async rotateSecret(teamUuid: string, uuid: string, secretSealed: SealedSecret, previousValidUntil: Date): Promise<WebhookEndpoint | null> {
    const rows = await queryRows<{ uuid: string }>(
      this.dataSource,
      `UPDATE ${WEBHOOKS_SCHEMA}.endpoints SET previous_secret_sealed = secret_sealed, previous_secret_expires_at = $4, secret_sealed = $3, updated_at = now()
       WHERE team_uuid = $1 AND uuid = $2 RETURNING uuid`,
      [teamUuid, uuid, secretSealed, previousValidUntil],
    );
    return rows.length > 0 ? this.endpoints.findOneByOrFail({ uuid }) : null;
  }

  /** The enabled endpoints of these teams that subscribe to `eventType`. */
  async subscribers(teamUuids: string[], eventType: WebhookEventType): Promise<WebhookEndpoint[]> {
    if (teamUuids.length === 0) return [];
    return this.endpoints
      .createQueryBuilder('endpoint')
      .where('endpoint.team_uuid IN (:...teams)', { teams: teamUuids })
      .andWhere('endpoint.enabled')
      .andWhere(':type = ANY(endpoint.events)', { type: eventType })
      .orderBy('endpoint.created_at', 'ASC')
      .getMany();
  }

  /** Endpoints by uuid (the notifier, to deliver), whoever's they are. */
  async byUuids(uuids: string[]): Promise<WebhookEndpoint[]> {
    return uuids.length === 0 ? [] : this.endpoints.findBy({ uuid: In(uuids) });
  }

  /** An attempt succeeded: the endpoint is not failing. */
  async markHealthy(uuid: string): Promise<void> {
    await queryRows(this.dataSource, `UPDATE ${WEBHOOKS_SCHEMA}.endpoints SET failing_since = NULL WHERE uuid = $1 AND failing_since IS NOT NULL`, [uuid]);
  }

  /** An attempt failed: the endpoint is failing since now, unless it already was. Answers since when. */
  async markFailing(uuid: string): Promise<Date> {
    const [row] = await queryRows<{ failing_since: Date }>(
      this.dataSource,
      `UPDATE ${WEBHOOKS_SCHEMA}.endpoints SET failing_since = coalesce(failing_since, now()) WHERE uuid = $1 RETURNING failing_since`,
      [uuid],
    );
    return row?.failing_since ?? new Date();
  }

  /** Herald disables an endpoint that kept failing, and says why. */
  async disable(uuid: string, reason: string): Promise<void> {
    await this.endpoints.update({ uuid }, { enabled: false, disabledReason: reason, disabledAt: new Date() });
  }
}
