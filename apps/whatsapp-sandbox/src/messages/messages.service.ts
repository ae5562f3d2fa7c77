import { Injectable, Logger } from '@nestjs/common';
import type { GraphSendMessageResponse } from '@herald/whatsapp';
import { SandboxConfig } from '../config/sandbox.config';
import { FaultsService, type SendFaults } from '../faults/faults.service';
import { GraphApiError } from '../graph/graph-api.error';
import { newWamid } from '../graph/graph-ids';
import { TemplatesService } from '../templates/templates.service';
import type { PricingCategory } from '../webhooks/status-webhook.builder';
import { StatusWebhooksService } from '../webhooks/status-webhooks.service';
import { MediaStore } from '../media/media.store';
import { mediaIdsOf } from './media-references';
import { digitsOf, kindOf, parseSendMessageRequest } from './send-message.dto';
import { SentMessageStore } from './sent-message.store';

export interface SendMessageCommand {
  apiVersion: string;
  phoneNumberId: string;
  receivedAt: Date;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, unchecked. */
  body: unknown;
}

/** What became of a send: the answer to give (none when the connection is to be dropped unanswered). */
export interface SendOutcome {
  response?: GraphSendMessageResponse;
  faults: SendFaults;
}

/**
 * Accepts a send as the Cloud API does: checks it, applies the faults set for it, answers with a wamid, records
 * it, and reports its statuses.
 */
@Injectable()
export class MessagesService {
  private readonly logger = new Logger(MessagesService.name);

  constructor(
    private readonly templates: TemplatesService,
    private readonly store: SentMessageStore,
    private readonly webhooks: StatusWebhooksService,
    private readonly faults: FaultsService,
    private readonly config: SandboxConfig,
    private readonly media: MediaStore,
  ) {}

  execute(command: SendMessageCommand): SendOutcome {
    const request = parseSendMessageRequest(command.body);
    for (const { field, id } of mediaIdsOf(request)) {
      if (!this.media.has(id)) {
        throw GraphApiError.invalidParameter(`${field} (${id}) is not a valid whatsapp business account media attachment ID`);
      }
    }
    let category: PricingCategory = 'service';
    if (request.template) {
      const template = this.templates.assertSendable(request.template);
      category = template.category.toLowerCase() as PricingCategory;
    }
    const waId = digitsOf(request.to);
    const faults = this.faults.evaluate({ phoneNumberId: command.phoneNumberId, to: waId, at: command.receivedAt.getTime() });
    if (faults.error) {
      const { httpStatus, code, message, details } = faults.error;
      throw new GraphApiError(httpStatus, code ?? 1, message, details);
    }
    if (faults.connection && !faults.connection.acceptFirst) return { faults };
    this.faults.accepted(command.phoneNumberId, command.receivedAt.getTime());
    const wamid = newWamid(waId);
    this.store.add({
      wamid,
      phoneNumberId: command.phoneNumberId,
      apiVersion: command.apiVersion,
      to: waId,
      receivedAt: command.receivedAt,
      headers: withRedactedToken(command.headers),
      body: command.body,
      bizOpaqueCallbackData: request.biz_opaque_callback_data,
    });
    this.webhooks.schedule({
      wamid,
      phoneNumberId: command.phoneNumberId,
      recipientWaId: waId,
      bizOpaqueCallbackData: request.biz_opaque_callback_data,
      category,
      acceptedAt: new Date(),
      ...(faults.webhookDelaysMs ? { delaysMs: faults.webhookDelaysMs } : {}),
      ...(faults.failDelivery ? { failure: faults.failDelivery } : {}),
    });
    if (this.config.debugLogging) {
      this.logger.debug(`accepted ${kindOf(request)} message ${wamid} on ${command.phoneNumberId}`);
    }
    return {
      faults,
      response: {
        messaging_product: 'whatsapp',
        contacts: [{ input: request.to, wa_id: waId }],
        // Meta adds message_status to the answer for templates only.
        messages: [request.template ? { id: wamid, message_status: 'accepted' } : { id: wamid }],
      },
    };
  }
}

function withRedactedToken(headers: SendMessageCommand['headers']): SendMessageCommand['headers'] {
  return { ...headers, ...(headers.authorization !== undefined ? { authorization: 'Bearer ***' } : {}) };
}
