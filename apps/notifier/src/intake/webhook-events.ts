import { createHash } from 'node:crypto';
import type {
  ChannelUnhealthyData,
  ContactConsentChangedData,
  ContactWindowClosingWebhookData,
  InboundMessageData,
  MessageInboundData,
  MessageStatusChangedData,
  TemplateStatusChangedData,
  WebhookEventType,
  WebhookMessageStatus,
  WebhookPayload,
} from '@herald/contracts';

/**
 * An event's id, from what the event is about and nothing else: the same Kafka event delivered twice, or a stage
 * put in ahead of its own report, makes the same id, and the queue keeps one delivery per endpoint and id.
 */
export function webhookEventId(type: WebhookEventType, ...about: string[]): string {
  return `evt_${createHash('sha256').update([type, ...about].join(':')).digest('hex').slice(0, 32)}`;
}

/** An event for the teams' endpoints: whose it is, the message it is about (for the order), and what they receive. */
export interface TeamEvent<TData extends object = object> {
  teamUuid: string;
  messageUuid: string | null;
  payload: WebhookPayload<TData>;
}

/** A message's status as an event told it. */
export interface StatusChange {
  messageUuid: string;
  status: WebhookMessageStatus;
  /** When it happened (ISO 8601). */
  at: string;
  reason?: MessageStatusChangedData['reason'];
  pricing?: Record<string, unknown>;
  conversation?: Record<string, unknown>;
}

/** What the notifier knows of the message a status is about, from the ledger (or the request itself). */
export interface MessageFacts {
  teamUuid: string;
  channelUuid: string;
  to: string;
  metadata?: Record<string, string>;
  /** The stages the ledger recorded, with when they happened. */
  history: ReadonlyArray<{ status: string; at: string }>;
}

/** The stages a message goes through in this order, when it goes through them at all. */
const PROGRESS: readonly WebhookMessageStatus[] = ['enqueued', 'sent', 'delivered', 'read'];

/**
 * The `message.status_changed` events a status makes, earlier stages first. WhatsApp may report `delivered` before
 * `sent`, and each Kafka topic is read on its own, so a stage can reach the notifier before the ones it follows:
 * they are queued ahead of it (with the ids their own reports make, so those are left out when they come), and an
 * endpoint sees enqueued, sent, delivered, read in that order. A failure or a rejection follows `enqueued` and
 * whatever the ledger recorded before it.
 */
export function statusEvents(change: StatusChange, message: MessageFacts): Array<TeamEvent<MessageStatusChangedData>> {
  const recorded = new Map(message.history.map((stage) => [stage.status, stage.at]));
  const position = PROGRESS.indexOf(change.status);
  const earlier =
    position >= 0
      ? PROGRESS.slice(0, position)
      : PROGRESS.filter((stage) => stage === 'enqueued' || recorded.has(stage));
  return [
    ...earlier.map((status) => statusEvent({ messageUuid: change.messageUuid, status, at: recorded.get(status) ?? change.at }, message)),
    statusEvent(change, message),
  ];
}

function statusEvent(change: StatusChange, message: MessageFacts): TeamEvent<MessageStatusChangedData> {
  const data: MessageStatusChangedData = {
    messageUuid: change.messageUuid,
    status: change.status,
    channelUuid: message.channelUuid,
    to: message.to,
    ...(message.metadata ? { metadata: message.metadata } : {}),
    ...(change.reason ? { reason: change.reason } : {}),
    ...(change.pricing ? { pricing: change.pricing } : {}),
    ...(change.conversation ? { conversation: change.conversation } : {}),
  };
  return {
    teamUuid: message.teamUuid,
    messageUuid: change.messageUuid,
    payload: {
      id: webhookEventId('message.status_changed', change.messageUuid, change.status),
      type: 'message.status_changed',
      timestamp: change.at,
      data,
    },
  };
}

/** A customer's message to a channel of the team's. */
export function inboundEvent(teamUuid: string, data: MessageInboundData): TeamEvent<MessageInboundData> {
  return {
    teamUuid,
    messageUuid: null,
    payload: {
      id: webhookEventId('message.inbound', data.channelUuid, data.providerMessageId),
      type: 'message.inbound',
      timestamp: data.receivedAt,
      data,
    },
  };
}

/** The details of a customer's message the event has, and no key for one it lacks. */
export function inboundDetails(data: InboundMessageData): Pick<MessageInboundData, 'text' | 'media' | 'location' | 'reply' | 'context' | 'reaction'> {
  const { text, media, location, reply, context, reaction } = data;
  return {
    ...(text !== undefined ? { text } : {}),
    ...(media ? { media } : {}),
    ...(location ? { location } : {}),
    ...(reply ? { reply } : {}),
    ...(context ? { context } : {}),
    ...(reaction ? { reaction } : {}),
  };
}

/** A contact opted out of the team's messages on a channel, or back in. */
export function consentEvent(
  teamUuid: string,
  type: 'contact.opted_out' | 'contact.opted_in',
  data: ContactConsentChangedData,
  at: string,
): TeamEvent<ContactConsentChangedData> {
  return {
    teamUuid,
    messageUuid: null,
    payload: { id: webhookEventId(type, data.channelUuid, data.phone, at), type, timestamp: at, data },
  };
}

/**
 * A contact's window on a channel closes soon. Its id is the window's (channel, contact, the moment it closes): the
 * policy publishing the same alert again makes the same id, and a later window (the customer wrote again) a new one.
 */
export function windowClosingEvent(teamUuid: string, data: ContactWindowClosingWebhookData, at: string): TeamEvent<ContactWindowClosingWebhookData> {
  return {
    teamUuid,
    messageUuid: null,
    payload: { id: webhookEventId('contact.window_closing', data.channelUuid, data.phone, data.closesAt), type: 'contact.window_closing', timestamp: at, data },
  };
}

/** WhatsApp refused a channel's credentials. */
export function channelUnhealthyEvent(teamUuid: string, data: ChannelUnhealthyData, at: string): TeamEvent<ChannelUnhealthyData> {
  return {
    teamUuid,
    messageUuid: null,
    payload: { id: webhookEventId('channel.unhealthy', data.channelUuid, at), type: 'channel.unhealthy', timestamp: at, data },
  };
}

/** A template's status changed at a sync: for each team whose channels use its account. */
export function templateStatusEvents(teamUuids: readonly string[], data: TemplateStatusChangedData, at: string): Array<TeamEvent<TemplateStatusChangedData>> {
  const id = webhookEventId('template.status_changed', data.templateUuid, data.status, at);
  return teamUuids.map((teamUuid) => ({ teamUuid, messageUuid: null, payload: { id, type: 'template.status_changed', timestamp: at, data } }));
}
