import type { WebhookDeliveryView, WebhookEndpointView } from '@herald/contracts';
import type { WebhookDelivery, WebhookEndpoint } from '@herald/webhooks';

/** An endpoint as the API shows it; the secret only when the answer made one. */
export function toEndpointView(endpoint: WebhookEndpoint, secret?: string): WebhookEndpointView {
  return {
    uuid: endpoint.uuid,
    url: endpoint.url,
    events: endpoint.events,
    description: endpoint.description,
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason,
    disabledAt: endpoint.disabledAt?.toISOString() ?? null,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
    ...(secret !== undefined ? { secret } : {}),
  };
}

export function toDeliveryView(delivery: WebhookDelivery): WebhookDeliveryView {
  return {
    id: String(delivery.id),
    endpointUuid: delivery.endpointUuid,
    eventId: delivery.eventId,
    event: delivery.eventType,
    messageUuid: delivery.messageUuid,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
    createdAt: delivery.createdAt.toISOString(),
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    payload: delivery.payload,
  };
}
