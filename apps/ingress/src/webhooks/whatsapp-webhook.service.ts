import { Injectable } from '@nestjs/common';
import {
  conversationKey,
  envelope,
  InboundMessageData,
  MESSAGE_UUID_PATTERN,
  MessageStatusData,
  ProviderStatus,
  providerStatuses,
  Topics,
} from '@herald/contracts';
import { EventPublisher } from '@herald/kafka';
import { failureFromProviderCode, type WebhookInboundMessage, type WebhookPayload, type WebhookStatus } from '@herald/whatsapp';

/**
 * Turns a verified WhatsApp webhook into events. Answering 200 only once they are on Kafka means Meta retries a
 * webhook Herald could not record, instead of it being lost.
 */
@Injectable()
export class WhatsAppWebhookService {
  constructor(private readonly publisher: EventPublisher) {}

  async receive(payload: WebhookPayload, requestId?: string): Promise<{ statuses: number; messages: number }> {
    const changes = (payload.entry ?? []).flatMap((entry) => (entry.changes ?? []).filter((change) => change.field === 'messages'));
    const inbound = changes.flatMap((change) =>
      (change.value?.messages ?? []).map((message) => toInboundData(message, change.value.metadata?.phone_number_id ?? '')),
    );
    const statuses = (payload.entry ?? []).flatMap((entry) =>
      (entry.changes ?? [])
        .filter((change) => change.field === 'messages')
        .flatMap((change) =>
          (change.value?.statuses ?? []).map((status) => toStatusData(status, change.value.metadata?.phone_number_id ?? '')),
        ),
    );
    await Promise.all([
      ...statuses
        .filter((data): data is MessageStatusData => data !== null)
        .map((data) =>
          this.publisher.publish({
            topic: Topics.MessageStatus,
            key: conversationKey(data.phoneNumberId, data.recipientId),
            event: envelope(Topics.MessageStatus, data, { requestId }),
          }),
        ),
      ...inbound
        .filter((data): data is InboundMessageData => data !== null)
        .map((data) =>
          this.publisher.publish({
            topic: Topics.WhatsAppInbound,
            key: conversationKey(data.phoneNumberId, data.from),
            event: envelope(Topics.WhatsAppInbound, data, { requestId }),
          }),
        ),
    ]);
    return { statuses: statuses.length, messages: inbound.length };
  }
}

function toInboundData(message: WebhookInboundMessage, phoneNumberId: string): InboundMessageData | null {
  if (!message?.id || !message.from) return null;
  const seconds = Number(message.timestamp);
  return {
    phoneNumberId,
    from: `+${String(message.from).replace(/^\+/, '')}`,
    providerMessageId: message.id,
    sentAt: (Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date()).toISOString(),
    type: String(message.type ?? 'unknown'),
    ...(typeof message.text?.body === 'string' ? { text: message.text.body } : {}),
  };
}

function toStatusData(status: WebhookStatus, phoneNumberId: string): MessageStatusData | null {
  if (!status?.id || !providerStatuses.includes(status.status as ProviderStatus)) return null;
  const seconds = Number(status.timestamp);
  const error = status.errors?.[0];
  return {
    providerMessageId: status.id,
    ...(status.biz_opaque_callback_data && MESSAGE_UUID_PATTERN.test(status.biz_opaque_callback_data)
      ? { messageUuid: status.biz_opaque_callback_data }
      : {}),
    status: status.status as ProviderStatus,
    statusAt: (Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date()).toISOString(),
    recipientId: String(status.recipient_id ?? ''),
    phoneNumberId,
    ...(error
      ? {
          failure: failureFromProviderCode(typeof error.code === 'number' ? error.code : undefined, error.error_data?.details ?? error.message ?? error.title),
        }
      : {}),
  };
}
