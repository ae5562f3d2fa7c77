import { Module } from '@nestjs/common';
import { checkWebhookUrl, WebhookDeliveriesRepository, WebhookEndpointsRepository } from '@herald/webhooks';
import { SecretBox } from '@herald/whatsapp';
import { NotifierConfig } from '../config/notifier.config';
import { DeliveryWorkerService } from './delivery-worker.service';
import { WebhookClient } from './webhook-client';

@Module({
  providers: [
    WebhookDeliveriesRepository,
    WebhookEndpointsRepository,
    DeliveryWorkerService,
    {
      provide: WebhookClient,
      inject: [NotifierConfig],
      useFactory: (config: NotifierConfig) =>
        new WebhookClient({
          timeoutMs: config.WEBHOOK_TIMEOUT_MS,
          check: (url) => checkWebhookUrl(url, { allowPrivate: config.WEBHOOK_ALLOW_PRIVATE, allowedHosts: config.WEBHOOK_ALLOWED_HOSTS }),
        }),
    },
    {
      // The endpoints' secrets are sealed under WEBHOOK_SECRET_KEY, apart from the channels' tokens.
      provide: SecretBox,
      inject: [NotifierConfig],
      useFactory: (config: NotifierConfig) =>
        SecretBox.fromConfig({ HERALD_SECRET_KEY: config.WEBHOOK_SECRET_KEY, HERALD_SECRET_KEYS_OLD: config.WEBHOOK_SECRET_KEYS_OLD }),
    },
  ],
  exports: [DeliveryWorkerService, WebhookDeliveriesRepository, WebhookEndpointsRepository],
})
export class DeliveryModule {}
