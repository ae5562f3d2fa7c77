/**
 * The events Herald delivers to a team's webhook endpoints. Each delivery's body is a WebhookPayload; its
 * `webhook-id` header is the payload's `id`, the same on every attempt and replay of the event.
 */
export const WebhookEventTypes = [
  /** An outbound message moved: enqueued, sent, delivered, read, failed, rejected. */
  'message.status_changed',
  /** A customer wrote to one of the team's numbers. */
  'message.inbound',
  'contact.opted_out',
  'contact.opted_in',
  /** A customer's 24-hour window closes soon: the last chance for a free-form message, or time for a template. */
  'contact.window_closing',
  /** WhatsApp refused a channel's credentials (an expired or revoked token). */
  'channel.unhealthy',
  /** A template's status changed at a sync (approved, paused, disabled...). */
  'template.status_changed',
] as const;

export type WebhookEventType = (typeof WebhookEventTypes)[number];

/** `POST /webhooks/endpoints/:uuid/test` sends this; no endpoint subscribes to it. */
export const WEBHOOK_PING = 'ping';

/** What a receiver gets: Standard Webhooks' `type`, `timestamp`, `data`, and the event id. */
export interface WebhookPayload<TData = Record<string, unknown>> {
  /** `evt_...`: the same on every retry and replay of this event, for the receiver to deduplicate. */
  id: string;
  type: WebhookEventType | typeof WEBHOOK_PING;
  /** When the event happened (ISO 8601). */
  timestamp: string;
  data: TData;
}

/** The statuses `message.status_changed` reports. */
export const WebhookMessageStatuses = ['enqueued', 'sent', 'delivered', 'read', 'failed', 'rejected'] as const;
export type WebhookMessageStatus = (typeof WebhookMessageStatuses)[number];

/** `message.status_changed`'s data. */
export interface MessageStatusChangedData {
  messageUuid: string;
  status: WebhookMessageStatus;
  channelUuid: string;
  to: string;
  /** The team's `metadata` of the message, echoed back. */
  metadata?: Record<string, unknown>;
  /** Why a message failed or was rejected: Herald's reason code, and WhatsApp's error code when it gave one. */
  reason?: { code: string; message: string; providerErrorCode?: number };
  /** Pricing and conversation data, as Meta sent them with the status. */
  pricing?: Record<string, unknown>;
  conversation?: Record<string, unknown>;
}

/** `message.inbound`'s data. */
export interface MessageInboundData {
  channelUuid: string;
  /** The customer, in E.164. */
  from: string;
  contactUuid: string;
  providerMessageId: string;
  /** WhatsApp's message type: `text`, `image`, `document`, `audio`, `video`, `sticker`, `location`, `button`, `interactive`, `reaction`... */
  type: string;
  /** The text; for a quick reply, reply button or list row, its title. */
  text?: string;
  /** An image, document, audio, video or sticker: WhatsApp's media id, to download it with the channel's token. */
  media?: { id: string; mimeType?: string; sha256?: string; caption?: string; filename?: string };
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  /**
   * A reply to a message's buttons: `button` for a template's quick reply (`id` is its payload), `button_reply` and
   * `list_reply` for an interactive message's reply button or list row.
   */
  reply?: { kind: 'button' | 'button_reply' | 'list_reply'; id?: string; title?: string; description?: string };
  /** The message the customer replied to. */
  context?: { providerMessageId: string };
  /** A reaction to a message; without `emoji` when the customer took it back. */
  reaction?: { providerMessageId: string; emoji?: string };
  receivedAt: string;
}

/** `contact.opted_out` / `contact.opted_in`'s data. */
export interface ContactConsentChangedData {
  channelUuid: string;
  phone: string;
  contactUuid: string;
  /** Who changed it: the customer (STOP/START) or the team (the API). */
  origin: string;
}

/** `contact.window_closing`'s data. */
export interface ContactWindowClosingWebhookData {
  channelUuid: string;
  /** The customer, in E.164. */
  phone: string;
  contactUuid: string;
  /** When the customer last wrote. */
  lastInboundAt: string;
  /** When the window closes: 24 hours after `lastInboundAt`; after it, only a template may be sent. */
  closesAt: string;
}

/** `channel.unhealthy`'s data. */
export interface ChannelUnhealthyData {
  channelUuid: string;
  reason: string;
}

/** `template.status_changed`'s data. */
export interface TemplateStatusChangedData {
  templateUuid: string;
  name: string;
  language: string;
  status: string;
  previousStatus: string | null;
}
