import type { ServiceDatabase } from '@herald/persistence';
import { WEBHOOKS_SCHEMA, WebhookDelivery, WebhookEndpoint } from '@herald/webhooks';
import { Channel } from '../channels/channel.entity';
import { CreateWebhooks1765500000000 } from './migrations/1765500000000-create-webhooks';

/**
 * The notifier owns the `notifier` schema: the teams' webhook endpoints and the delivery log (libs/webhooks, through
 * which the ingress manages them).
 */
export const notifierDatabase: ServiceDatabase = {
  schema: WEBHOOKS_SCHEMA,
  entities: [WebhookEndpoint, WebhookDelivery, Channel],
  migrations: [CreateWebhooks1765500000000],
};
