import { Message } from '@herald/ledger';
import type { ServiceDatabase } from '@herald/persistence';
import { WEBHOOKS_SCHEMA, WebhookDelivery, WebhookEndpoint } from '@herald/webhooks';
import { Channel } from '../channels/channel.entity';
import { CreateWebhooks1765500000000 } from './migrations/1765500000000-create-webhooks';
import { DeliveriesClaimOrder1765500000001 } from './migrations/1765500000001-deliveries-claim-order';

/**
 * The notifier owns the `notifier` schema: the teams' webhook endpoints and the delivery log (libs/webhooks, through
 * which the ingress manages them). The ledger's Message is the ledger worker's (the `ledger` schema): the notifier
 * reads a message's team and metadata through libs/ledger, and migrates nothing of it.
 */
export const notifierDatabase: ServiceDatabase = {
  schema: WEBHOOKS_SCHEMA,
  entities: [WebhookEndpoint, WebhookDelivery, Channel, Message],
  migrations: [CreateWebhooks1765500000000, DeliveriesClaimOrder1765500000001],
};
