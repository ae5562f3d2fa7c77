import { signWebhookBody, type WebhookPayload, type WebhookStatus, type WebhookStatusValue } from '@herald/whatsapp';

/** The statuses the sandbox reports for every accepted message, in the order they happen. */
export const deliveryStatuses = ['sent', 'delivered', 'read'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** What a conversation is billed as: `service` for free-form messages, the template's category for templates. */
export type PricingCategory = 'service' | 'marketing' | 'utility' | 'authentication';

export interface StatusWebhookInput {
  wabaId: string;
  displayPhoneNumber: string;
  phoneNumberId: string;
  wamid: string;
  status: WebhookStatusValue;
  /** When the status happened. */
  at: Date;
  recipientWaId: string;
  bizOpaqueCallbackData?: string;
  conversation: { id: string; expiresAt: Date; category: PricingCategory };
  /** For `failed`: why, as Meta reports it. */
  error?: { code: number; title?: string; details?: string };
}

const unixSeconds = (date: Date) => String(Math.floor(date.getTime() / 1000));

/**
 * A status webhook exactly as Meta sends one. `sent` and `delivered` carry the conversation and its pricing (the
 * expiration only on `sent`); `read` carries neither.
 */
export function buildStatusWebhook(input: StatusWebhookInput): WebhookPayload {
  const status: WebhookStatus = {
    id: input.wamid,
    status: input.status,
    timestamp: unixSeconds(input.at),
    recipient_id: input.recipientWaId,
    ...(input.bizOpaqueCallbackData !== undefined
      ? { biz_opaque_callback_data: input.bizOpaqueCallbackData }
      : {}),
  };
  if (input.status === 'failed') {
    const { code, title, details } = input.error ?? { code: 131000 };
    status.errors = [
      {
        code,
        title: title ?? 'Message failed to send',
        message: title ?? 'Message failed to send',
        error_data: { details: details ?? title ?? 'Message failed to send' },
      },
    ];
  } else if (input.status !== 'read') {
    status.conversation = {
      id: input.conversation.id,
      ...(input.status === 'sent' ? { expiration_timestamp: unixSeconds(input.conversation.expiresAt) } : {}),
      origin: { type: input.conversation.category },
    };
    status.pricing = { billable: true, pricing_model: 'CBP', category: input.conversation.category };
  }
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: input.wabaId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: input.displayPhoneNumber,
                phone_number_id: input.phoneNumberId,
              },
              statuses: [status],
            },
          },
        ],
      },
    ],
  };
}

/** The bytes to POST and their `X-Hub-Signature-256`: the signature covers exactly these bytes. */
export function signedWebhookBody(
  payload: WebhookPayload,
  appSecret: string,
): { body: Buffer; signature: string } {
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  return { body, signature: signWebhookBody(appSecret, body) };
}
