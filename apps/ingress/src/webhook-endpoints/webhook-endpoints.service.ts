import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  CreateWebhookEndpointDto,
  ErrorCodes,
  ListWebhookDeliveriesQueryDto,
  parseTimestamp,
  UpdateWebhookEndpointDto,
  WEBHOOK_PING,
  WebhookDeliveryView,
  WebhookEndpointView,
} from '@herald/contracts';
import { WebhookDeliveriesRepository, WebhookEndpoint, WebhookEndpointChanges, WebhookEndpointsRepository } from '@herald/webhooks';
import { HeraldError } from '../http/herald-error';
import { decodeDeliveryCursor, encodeDeliveryCursor, isDeliveryId } from './delivery-cursor';
import { DeliveryLogRepository } from '@herald/webhooks';
import { newWebhookSecret, WebhookSecrets, type WebhookSecretSealer } from './webhook-secrets';
import { WebhookUrlChecker } from './webhook-url-checker';
import { toDeliveryView, toEndpointView } from './webhook-views';

/** How long a rotated-out secret still verifies, beside the new one. */
export const PREVIOUS_SECRET_VALID_MS = 24 * 60 * 60 * 1000;

/** The description that marks the one endpoint Callbell's `POST /webhooks/subscribe` manages; no other may take it. */
export const CALLBELL_ENDPOINT_DESCRIPTION = 'callbell';

/** An event id: `evt_` and 32 random hex digits, the same on every attempt and replay of the event. */
export const newEventId = (): string => `evt_${randomBytes(16).toString('hex')}`;

const ENDPOINT_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the service asks of the repositories: the specs' in-memory stand-ins implement these. */
export type EndpointStore = Pick<WebhookEndpointsRepository, 'create' | 'list' | 'find' | 'update' | 'delete' | 'rotateSecret'>;
export type DeliveryStore = Pick<WebhookDeliveriesRepository, 'enqueue' | 'list' | 'find' | 'replay' | 'replaySince'>;
export type DeliveryLog = Pick<DeliveryLogRepository, 'byEventId' | 'numberedPage'>;

/** The URL policy, as WebhookUrlChecker applies it; an interface so the unit specs need no DNS. */
export interface UrlCheck {
  check(url: string, field?: string): Promise<void>;
}

/**
 * A team's webhook endpoints and their delivery log, for the HTTP API and the CLI alike. Another team's endpoint or
 * delivery is as unknown as one that never existed.
 */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    @Inject(WebhookEndpointsRepository) private readonly endpoints: EndpointStore,
    @Inject(WebhookDeliveriesRepository) private readonly deliveries: DeliveryStore,
    @Inject(DeliveryLogRepository) private readonly log: DeliveryLog,
    @Inject(WebhookSecrets) private readonly secrets: WebhookSecretSealer,
    @Inject(WebhookUrlChecker) private readonly urls: UrlCheck,
  ) {}

  /** A new endpoint; its secret is in this answer only. */
  async create(teamUuid: string, request: CreateWebhookEndpointDto): Promise<WebhookEndpointView> {
    refuseReservedDescription(request.description);
    return this.createEndpoint(teamUuid, request);
  }

  /** Also the Callbell endpoint, which only CallbellWebhooksService makes. */
  async createEndpoint(teamUuid: string, request: CreateWebhookEndpointDto): Promise<WebhookEndpointView> {
    await this.urls.check(request.url);
    const secret = newWebhookSecret();
    const endpoint = await this.endpoints.create({
      uuid: randomUUID(),
      teamUuid,
      url: request.url,
      events: request.events,
      description: request.description ?? null,
      enabled: request.enabled ?? true,
      secretSealed: this.secrets.seal(secret),
    });
    return toEndpointView(endpoint, secret);
  }

  async list(teamUuid: string): Promise<WebhookEndpointView[]> {
    return (await this.endpoints.list(teamUuid)).map((endpoint) => toEndpointView(endpoint));
  }

  async get(teamUuid: string, uuid: string): Promise<WebhookEndpointView> {
    return toEndpointView(await this.require(teamUuid, uuid));
  }

  async update(teamUuid: string, uuid: string, request: UpdateWebhookEndpointDto): Promise<WebhookEndpointView> {
    refuseReservedDescription(request.description);
    return this.updateEndpoint(teamUuid, uuid, request);
  }

  async updateEndpoint(teamUuid: string, uuid: string, request: UpdateWebhookEndpointDto): Promise<WebhookEndpointView> {
    const known = await this.require(teamUuid, uuid);
    if (request.url !== undefined) await this.urls.check(request.url);
    const changes: WebhookEndpointChanges = {
      ...(request.url !== undefined ? { url: request.url } : {}),
      ...(request.events !== undefined ? { events: request.events } : {}),
      ...(request.description !== undefined ? { description: request.description } : {}),
      ...(request.enabled !== undefined ? { enabled: request.enabled } : {}),
    };
    const updated = await this.endpoints.update(teamUuid, known.uuid, changes);
    if (!updated) throw notFound(uuid);
    return toEndpointView(updated);
  }

  /** Deletes the endpoint and its delivery log. */
  async remove(teamUuid: string, uuid: string): Promise<void> {
    const known = await this.require(teamUuid, uuid);
    if (!(await this.endpoints.delete(teamUuid, known.uuid))) throw notFound(uuid);
  }

  /** A new secret, in this answer only; the previous one still verifies for 24 hours, so receivers can switch. */
  async rotateSecret(teamUuid: string, uuid: string, now = new Date()): Promise<WebhookEndpointView> {
    const known = await this.require(teamUuid, uuid);
    const secret = newWebhookSecret();
    const rotated = await this.endpoints.rotateSecret(teamUuid, known.uuid, this.secrets.seal(secret), new Date(now.getTime() + PREVIOUS_SECRET_VALID_MS));
    if (!rotated) throw notFound(uuid);
    return toEndpointView(rotated, secret);
  }

  /** Queues a `ping` to the endpoint, as any event is delivered; answers its delivery. */
  async test(teamUuid: string, uuid: string, now = new Date()): Promise<WebhookDeliveryView> {
    const endpoint = await this.require(teamUuid, uuid);
    const eventId = newEventId();
    await this.deliveries.enqueue([
      {
        endpointUuid: endpoint.uuid,
        teamUuid,
        messageUuid: null,
        payload: { id: eventId, type: WEBHOOK_PING, timestamp: now.toISOString(), data: { endpointUuid: endpoint.uuid } },
      },
    ]);
    const delivery = await this.log.byEventId(teamUuid, endpoint.uuid, eventId);
    // Deleted between the two statements, with its endpoint.
    if (!delivery) throw notFound(uuid);
    return toDeliveryView(delivery);
  }

  /** The team's deliveries, newest first, a page at a time. */
  async listDeliveries(teamUuid: string, query: ListWebhookDeliveriesQueryDto): Promise<{ deliveries: WebhookDeliveryView[]; nextCursor: string | null }> {
    const endpointUuid = query.endpoint !== undefined ? (await this.require(teamUuid, query.endpoint)).uuid : undefined;
    const limit = query.limit ?? 20;
    const rows = await this.deliveries.list(teamUuid, {
      endpointUuid,
      status: query.status,
      event: query.event,
      before: query.cursor !== undefined ? decodeDeliveryCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { deliveries: page.map(toDeliveryView), nextCursor: rows.length > limit && last ? encodeDeliveryCursor(String(last.id)) : null };
  }

  async delivery(teamUuid: string, id: string): Promise<WebhookDeliveryView> {
    const delivery = isDeliveryId(id) ? await this.deliveries.find(teamUuid, id) : null;
    if (!delivery) throw new HeraldError(ErrorCodes.NotFound, `No webhook delivery ${id}`);
    return toDeliveryView(delivery);
  }

  /** Delivers the event again, due now, with its original event id (and a fresh signature). */
  async replay(teamUuid: string, id: string): Promise<WebhookDeliveryView> {
    const delivery = isDeliveryId(id) ? await this.deliveries.replay(teamUuid, id) : null;
    if (!delivery) throw new HeraldError(ErrorCodes.NotFound, `No webhook delivery ${id}`);
    return toDeliveryView(delivery);
  }

  /** Delivers again everything the endpoint was sent since `since` (an outage on the receiver's side). */
  async replaySince(teamUuid: string, uuid: string, since: string): Promise<{ replayed: number }> {
    const at = parseTimestamp(since);
    if (!at) {
      throw new HeraldError(ErrorCodes.ValidationFailed, 'since is not a time', [
        { field: 'since', problem: 'must be a date-time with its offset, such as 2026-11-25T10:00:00Z' },
      ]);
    }
    const endpoint = await this.require(teamUuid, uuid);
    return { replayed: await this.deliveries.replaySince(teamUuid, endpoint.uuid, at) };
  }

  /** The endpoint Callbell's API manages for the team, if it made one. */
  async callbellEndpoint(teamUuid: string): Promise<WebhookEndpoint | undefined> {
    return (await this.endpoints.list(teamUuid)).find((endpoint) => endpoint.description === CALLBELL_ENDPOINT_DESCRIPTION);
  }

  private async require(teamUuid: string, uuid: string): Promise<WebhookEndpoint> {
    const endpoint = ENDPOINT_UUID.test(uuid) ? await this.endpoints.find(teamUuid, uuid.toLowerCase()) : null;
    if (!endpoint) throw notFound(uuid);
    return endpoint;
  }
}

const notFound = (uuid: string) => new HeraldError(ErrorCodes.NotFound, `No webhook endpoint ${uuid}`);

function refuseReservedDescription(description: string | undefined): void {
  if (description === CALLBELL_ENDPOINT_DESCRIPTION) {
    throw new HeraldError(ErrorCodes.ValidationFailed, 'The description is reserved', [
      { field: 'description', problem: `"${CALLBELL_ENDPOINT_DESCRIPTION}" marks the endpoint POST /webhooks/subscribe manages` },
    ]);
  }
}
