/**
 * Every Kafka topic Herald uses. A message travels
 * message.requested -> message.approved | message.rejected -> message.ready -> message.dispatched | message.failed
 * (or message.held, until the send's outcome is known),
 * and provider statuses (sent, delivered, read, failed) follow on message.status.
 */
export const Topics = {
  MessageRequested: 'message.requested',
  MessageApproved: 'message.approved',
  /** The policy refused the message; it is never sent. */
  MessageRejected: 'message.rejected',
  MessageReady: 'message.ready',
  MessageDispatched: 'message.dispatched',
  MessageFailed: 'message.failed',
  /** The dispatcher holds a send it cannot tell WhatsApp took (`outcome_unknown`): not final, not sent again. */
  MessageHeld: 'message.held',
  /** An operator's decision about a held send (`herald messages resend|abandon`), for the dispatcher. */
  MessageDecided: 'message.decided',
  MessageStatus: 'message.status',
  /** A customer wrote to one of the team's numbers (it opens the 24-hour window). */
  WhatsAppInbound: 'whatsapp.inbound',
  /** A team opted a contact out of its messages, or back in, through the API. */
  ContactConsent: 'contact.consent',
  /** Compacted: the latest configuration of every channel, keyed by channel uuid. */
  ChannelConfigured: 'channel.configured',
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

/**
 * Events are keyed by channel and recipient so that one contact's messages share a partition and stay in order.
 */
export function conversationKey(channelUuid: string, to: string): string {
  return `${channelUuid}:${to}`;
}
