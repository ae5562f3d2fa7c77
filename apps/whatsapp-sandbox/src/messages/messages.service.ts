import { Injectable, Logger } from '@nestjs/common';
import type { GraphSendMessageResponse } from '@herald/whatsapp';
import { newWamid } from '../graph/graph-ids';
import { TemplatesService } from '../templates/templates.service';
import type { PricingCategory } from '../webhooks/status-webhook.builder';
import { StatusWebhooksService } from '../webhooks/status-webhooks.service';
import { digitsOf, parseSendMessageRequest } from './send-message.dto';
import { SentMessageStore } from './sent-message.store';

export interface SendMessageCommand {
  apiVersion: string;
  phoneNumberId: string;
  receivedAt: Date;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, unchecked. */
  body: unknown;
}

/** Accepts a send as the Cloud API does: checks it, answers with a wamid, records it, and reports its statuses. */
@Injectable()
export class MessagesService {
  private readonly logger = new Logger(MessagesService.name);

  constructor(
    private readonly templates: TemplatesService,
    private readonly store: SentMessageStore,
    private readonly webhooks: StatusWebhooksService,
  ) {}

  execute(command: SendMessageCommand): GraphSendMessageResponse {
    const request = parseSendMessageRequest(command.body);
    let category: PricingCategory = 'service';
    if (request.template) {
      const template = this.templates.assertSendable(request.template);
      category = template.category.toLowerCase() as PricingCategory;
    }
    const waId = digitsOf(request.to);
    const wamid = newWamid(waId);
    this.store.add({
      wamid,
      phoneNumberId: command.phoneNumberId,
      apiVersion: command.apiVersion,
      to: waId,
      receivedAt: command.receivedAt.toISOString(),
      headers: withRedactedToken(command.headers),
      body: command.body,
    });
    this.webhooks.schedule({
      wamid,
      phoneNumberId: command.phoneNumberId,
      recipientWaId: waId,
      bizOpaqueCallbackData: request.biz_opaque_callback_data,
      category,
      acceptedAt: new Date(),
    });
    this.logger.debug(`accepted ${request.type ?? 'text'} message ${wamid} on ${command.phoneNumberId}`);
    return {
      messaging_product: 'whatsapp',
      contacts: [{ input: request.to, wa_id: waId }],
      // Meta adds message_status to the answer for templates only.
      messages: [request.template ? { id: wamid, message_status: 'accepted' } : { id: wamid }],
    };
  }
}

function withRedactedToken(headers: SendMessageCommand['headers']): SendMessageCommand['headers'] {
  return { ...headers, ...(headers.authorization !== undefined ? { authorization: 'Bearer ***' } : {}) };
}
