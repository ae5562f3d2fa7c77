/**
 * Every Kafka topic Herald uses, by name; what each carries and how it is keyed is in the event catalogue
 * (events/catalogue.ts). A message travels
 * message.requested -> message.approved | message.rejected -> message.ready -> message.dispatched | message.failed
 * (or message.held, until the send's outcome is known), and provider statuses (sent, delivered, read, failed)
 * follow on message.status. A channel's health (channel.health) and a template's status at a sync (template.status)
 * are told beside the messages, for whoever follows them (the webhook notifier), and so is a customer's 24-hour
 * window closing soon (contact.window_closing), and a
 * contact erased at the team's request (contact.erased), for every service that keeps the contact's messages.
 *
 * A name is never changed: producers and consumers of different versions meet on it, and upstream services publish
 * to message.requested. A payload that changes incompatibly gets a new topic with its version in the name
 * (`message.ready.v2`).
 */
export const Topics = {
  MessageRequested: 'message.requested',
  MessageApproved: 'message.approved',
  MessageRejected: 'message.rejected',
  MessageReady: 'message.ready',
  MessageDispatched: 'message.dispatched',
  MessageFailed: 'message.failed',
  MessageHeld: 'message.held',
  MessageDecided: 'message.decided',
  MessageStatus: 'message.status',
  WhatsAppInbound: 'whatsapp.inbound',
  ContactConsent: 'contact.consent',
  ContactWindowClosing: 'contact.window_closing',
  ContactErased: 'contact.erased',
  ChannelConfigured: 'channel.configured',
  ChannelHealth: 'channel.health',
  TemplateStatus: 'template.status',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

/** Poison events of a topic land on `<topic>.dead-letter` with the original bytes and the reasons. */
export function deadLetterTopic(topic: Topic): string {
  return `${topic}.dead-letter`;
}

/**
 * Where the ingress keeps correctly signed WhatsApp webhooks it cannot understand, the body as received and the
 * reason in `x-dead-letter-reason`: Meta is answered 200, or it would retry them for days. Named as deadLetterTopic
 * names the others, though nothing is published on `whatsapp.webhook` itself: a webhook is not an event.
 */
export const WEBHOOK_DEAD_LETTER_TOPIC = 'whatsapp.webhook.dead-letter';

/** Compacted topics keep the newest event per key forever instead of expiring by age. */
export const compactedTopics: readonly Topic[] = [Topics.ChannelConfigured];

/**
 * Topics whose records the broker stamps with the time it appended them (`message.timestamp.type=LogAppendTime`),
 * whatever time their producer claims: the policy never judges a request earlier than it reached Kafka.
 */
export const appendTimeTopics: readonly Topic[] = [Topics.MessageRequested];
