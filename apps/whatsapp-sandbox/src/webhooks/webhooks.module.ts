import { Module } from '@nestjs/common';
import { StatusWebhooksService } from './status-webhooks.service';
import { WebhookDeliveryLog } from './webhook-delivery.log';

/** Status webhooks to the ingress, signed as Meta signs them, and the record of their deliveries. */
@Module({
  providers: [StatusWebhooksService, WebhookDeliveryLog],
  exports: [StatusWebhooksService, WebhookDeliveryLog],
})
export class WebhooksModule {}
