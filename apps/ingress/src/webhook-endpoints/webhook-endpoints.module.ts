import { Module, OnModuleInit } from '@nestjs/common';
import { WebhookDeliveriesRepository, WebhookEndpointsRepository } from '@herald/webhooks';
import { CallbellWebhooksController } from './callbell-webhooks.controller';
import { CallbellWebhooksService } from './callbell-webhooks.service';
import { DeliveryLogRepository } from '@herald/webhooks';
import { WebhookEndpointsController } from './webhook-endpoints.controller';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookUrlChecker } from './webhook-url-checker';

/** What manages a team's webhook endpoints, for the HTTP API and the CLI. */
export const webhookEndpointProviders = [
  WebhookEndpointsService,
  CallbellWebhooksService,
  WebhookEndpointsRepository,
  WebhookDeliveriesRepository,
  DeliveryLogRepository,
  WebhookSecrets,
  WebhookUrlChecker,
];

/** The HTTP API's webhook endpoints (the WhatsApp webhook receiver is WebhooksModule). */
@Module({
  controllers: [WebhookEndpointsController, CallbellWebhooksController],
  providers: webhookEndpointProviders,
})
export class WebhookEndpointsModule implements OnModuleInit {
  constructor(private readonly secrets: WebhookSecrets) {}

  /** The API refuses to start without a valid WEBHOOK_SECRET_KEY, rather than fail the first endpoint made. */
  onModuleInit(): void {
    this.secrets.check();
  }
}
