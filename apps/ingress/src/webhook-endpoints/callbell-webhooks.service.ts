import { Inject, Injectable } from '@nestjs/common';
import {
  CallbellSubscribeDto,
  CallbellWebhook,
  CallbellWebhookEventsQueryDto,
  CallbellWebhookEventsResponse,
  ErrorCodes,
  WebhookDeliveryStatus,
} from '@herald/contracts';
import type { WebhookDelivery, WebhookEndpoint } from '@herald/webhooks';
import { HeraldError } from '../http/herald-error';
import { callbellNameOf, callbellSubscriptionsOf, heraldEventsFor } from './callbell-events';
import { DeliveryLogRepository } from '@herald/webhooks';
import { CALLBELL_ENDPOINT_DESCRIPTION, DeliveryLog, WebhookEndpointsService } from './webhook-endpoints.service';

/** Callbell's times: ISO 8601 to the second, in UTC. */
const callbellTime = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

const statusesOf: Record<'success' | 'failed', WebhookDeliveryStatus[]> = { success: ['delivered'], failed: ['failed'] };

/**
 * Callbell's webhooks API over Herald's endpoints: a team has at most one Callbell-style endpoint (Callbell allows
 * one webhook per account), the endpoint whose description is `callbell`, and Callbell's event names stand for
 * Herald's (callbell-events.ts).
 */
@Injectable()
export class CallbellWebhooksService {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    @Inject(DeliveryLogRepository) private readonly log: DeliveryLog,
  ) {}

  /** Creates the team's Callbell endpoint, or points it at the new URL and events, enabled. */
  async subscribe(teamUuid: string, request: CallbellSubscribeDto): Promise<{ webhook: CallbellWebhook }> {
    const mapping = heraldEventsFor(request.subscriptions, 'subscriptions');
    if (!mapping.ok) throw new HeraldError(ErrorCodes.ValidationFailed, 'The subscriptions name events Herald does not send', mapping.problems);
    const existing = await this.endpoints.callbellEndpoint(teamUuid);
    const changes = { url: request.url, events: mapping.events, enabled: true };
    const endpoint = existing
      ? await this.endpoints.updateEndpoint(teamUuid, existing.uuid, changes)
      : await this.endpoints.createEndpoint(teamUuid, { ...changes, description: CALLBELL_ENDPOINT_DESCRIPTION });
    return {
      webhook: {
        url: endpoint.url,
        subscriptions: callbellSubscriptionsOf(endpoint.events),
        createdAt: callbellTime(new Date(endpoint.createdAt)),
        enabled: endpoint.enabled,
      },
    };
  }

  async unsubscribe(teamUuid: string): Promise<{ status: string }> {
    const endpoint = await this.requireEndpoint(teamUuid);
    await this.endpoints.remove(teamUuid, endpoint.uuid);
    return { status: 'webhook was destroyed' };
  }

  /** The Callbell endpoint's deliveries, newest first, by page number. */
  async events(teamUuid: string, query: CallbellWebhookEventsQueryDto): Promise<CallbellWebhookEventsResponse> {
    const page = query.page ?? 1;
    const items = query.items ?? 20;
    let eventTypes: string[] | undefined;
    if (query.subscriptions !== undefined) {
      const mapping = heraldEventsFor(query.subscriptions, 'subscriptions');
      if (!mapping.ok) throw new HeraldError(ErrorCodes.ValidationFailed, 'The query is not valid', mapping.problems);
      eventTypes = mapping.events;
    }
    const endpoint = await this.endpoints.callbellEndpoint(teamUuid);
    if (!endpoint) return { webhook_events: [], meta: { page, pages: 0 } };
    const { rows, total } = await this.log.numberedPage(teamUuid, endpoint.uuid, {
      statuses: query.status ? statusesOf[query.status] : undefined,
      eventTypes,
      offset: (page - 1) * items,
      limit: items,
    });
    return { webhook_events: rows.map(toCallbellEvent), meta: { page, pages: Math.ceil(total / items) } };
  }

  private async requireEndpoint(teamUuid: string): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoints.callbellEndpoint(teamUuid);
    if (!endpoint) throw new HeraldError(ErrorCodes.NotFound, 'This team has no webhook: POST /webhooks/subscribe makes one');
    return endpoint;
  }
}

function toCallbellEvent(delivery: WebhookDelivery): CallbellWebhookEventsResponse['webhook_events'][number] {
  const last = delivery.attempts[delivery.attempts.length - 1];
  return {
    event: callbellNameOf(delivery.eventType),
    payload: delivery.payload.data,
    response: { body: {}, code: last?.responseCode ?? null, headers: {} },
    success: delivery.status === 'delivered',
    createdAt: callbellTime(delivery.createdAt),
  };
}
