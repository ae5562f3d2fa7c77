import { Injectable } from '@nestjs/common';
import { SentMessageStore } from '../messages/sent-message.store';
import { StatusWebhooksService } from '../webhooks/status-webhooks.service';
import { WebhookDeliveryLog } from '../webhooks/webhook-delivery.log';
import type { ResetResult } from './inspection.dto';

/** Reads and resets what the sandbox recorded; nothing here is part of the emulated Graph API. */
@Injectable()
export class InspectionService {
  constructor(
    readonly sends: SentMessageStore,
    readonly deliveries: WebhookDeliveryLog,
    private readonly webhooks: StatusWebhooksService,
  ) {}

  /** Back to a clean slate: recorded sends and deliveries forgotten, webhooks not sent yet cancelled. */
  reset(): ResetResult {
    const pendingWebhooksCancelled = this.webhooks.cancelPending();
    return {
      cleared: {
        messages: this.sends.clear(),
        webhookDeliveries: this.deliveries.clear(),
        pendingWebhooksCancelled,
      },
    };
  }
}
