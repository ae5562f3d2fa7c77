import type { ClassConstructor } from 'class-transformer';
import { Topic, Topics } from '../topics';
import { channelConfiguredKey, ChannelConfiguredEvent } from './channel-configured';
import { channelHealthKey, ChannelHealthEvent } from './channel-health';
import { contactConsentKey, ContactConsentEvent } from './contact-consent';
import { contactErasedKey, ContactErasedEvent } from './contact-erased';
import { contactWindowClosingKey, ContactWindowClosingEvent } from './contact-window-closing';
import type { EventEnvelope } from './event-envelope';
import type { EventKey } from './event-keys';
import { messageApprovedKey, MessageApprovedEvent } from './message-approved';
import { messageDecidedKey, MessageDecidedEvent } from './message-decided';
import { messageDispatchedKey, MessageDispatchedEvent } from './message-dispatched';
import { messageFailedKey, MessageFailedEvent } from './message-failed';
import { messageHeldKey, MessageHeldEvent } from './message-held';
import { messageReadyKey, MessageReadyEvent } from './message-ready';
import { messageRejectedKey, MessageRejectedEvent } from './message-rejected';
import { messageRequestedKey, MessageRequestedEvent } from './message-requested';
import { messageStatusKey, MessageStatusEvent } from './message-status';
import { templateStatusKey, TemplateStatusEvent } from './template-status';
import { whatsAppInboundKey, InboundMessageEvent } from './whatsapp-inbound';

/** What the catalogue says of one topic: the event it carries, how its records are keyed, and what it means. */
export interface TopicContract<TEvent extends EventEnvelope, TKey extends EventKey<string>> {
  /** The envelope with its data: what every consumer of the topic validates an event against. */
  event: ClassConstructor<TEvent>;
  /** Builds a record's key from its event's data (`key.ts` in the topic's folder). */
  key(data: TEvent['data']): TKey;
  /** The data fields the key joins, as `key` joins them (`channelUuid:to`), for the docs. */
  keyedBy: string;
  /** What an event on the topic says, in a sentence. */
  description: string;
}

const contract = <TEvent extends EventEnvelope, TKey extends EventKey<string>>(entry: TopicContract<TEvent, TKey>) => entry;

/**
 * Every topic's contract, one entry per topic (the compiler refuses a topic without one). Publishers and consumers
 * are typed from it (EventMap); the README's topic table is checked against it.
 */
export const eventCatalogue = {
  [Topics.MessageRequested]: contract({
    event: MessageRequestedEvent,
    key: messageRequestedKey,
    keyedBy: 'channelUuid:to',
    description: 'A client asked for a message to be sent, through the API or straight to Kafka; the policy judges it.',
  }),
  [Topics.MessageApproved]: contract({
    event: MessageApprovedEvent,
    key: messageApprovedKey,
    keyedBy: 'channelUuid:to',
    description: 'The policy allowed the message, with its assignee and warnings; the template service renders it.',
  }),
  [Topics.MessageRejected]: contract({
    event: MessageRejectedEvent,
    key: messageRejectedKey,
    keyedBy: 'channelUuid:to',
    description: 'The policy or the template service refused the message, with the reason; it is never sent.',
  }),
  [Topics.MessageReady]: contract({
    event: MessageReadyEvent,
    key: messageReadyKey,
    keyedBy: 'channelUuid:to',
    description: "The message rendered in the provider's shape; the dispatcher sends it.",
  }),
  [Topics.MessageDispatched]: contract({
    event: MessageDispatchedEvent,
    key: messageDispatchedKey,
    keyedBy: 'channelUuid:to',
    description: 'WhatsApp took the send and gave it its message id.',
  }),
  [Topics.MessageFailed]: contract({
    event: MessageFailedEvent,
    key: messageFailedKey,
    keyedBy: 'channelUuid:to',
    description: 'The send failed for good, with the reason.',
  }),
  [Topics.MessageHeld]: contract({
    event: MessageHeldEvent,
    key: messageHeldKey,
    keyedBy: 'channelUuid:to',
    description: 'The dispatcher cannot tell whether WhatsApp took the send (`outcome_unknown`): not final, not sent again.',
  }),
  [Topics.MessageDecided]: contract({
    event: MessageDecidedEvent,
    key: messageDecidedKey,
    keyedBy: 'channelUuid:to',
    description: 'An operator decided about a held send (`herald messages resend|abandon`), for the dispatcher.',
  }),
  [Topics.MessageStatus]: contract({
    event: MessageStatusEvent,
    key: messageStatusKey,
    keyedBy: 'phoneNumberId:recipientId',
    description: 'A status WhatsApp reported for a sent message (sent, delivered, read, failed), from a webhook.',
  }),
  [Topics.WhatsAppInbound]: contract({
    event: InboundMessageEvent,
    key: whatsAppInboundKey,
    keyedBy: 'phoneNumberId:from',
    description: "A customer wrote to one of the team's numbers, which opens the 24-hour window.",
  }),
  [Topics.ContactConsent]: contract({
    event: ContactConsentEvent,
    key: contactConsentKey,
    keyedBy: 'channelUuid:phone',
    description: 'A team opted a contact out of its messages, or back in, through the API.',
  }),
  [Topics.ContactWindowClosing]: contract({
    event: ContactWindowClosingEvent,
    key: contactWindowClosingKey,
    keyedBy: 'channelUuid:phone',
    description: "A customer's 24-hour window on a channel closes within the policy's lead time; once per window.",
  }),
  [Topics.ContactErased]: contract({
    event: ContactErasedEvent,
    key: contactErasedKey,
    keyedBy: 'teamUuid:phone',
    description: "A team erased a contact (right to erasure): every service lets go of the contact's messages and number.",
  }),
  [Topics.ChannelConfigured]: contract({
    event: ChannelConfiguredEvent,
    key: channelConfiguredKey,
    keyedBy: 'channelUuid',
    description: "A channel's whole configuration, whenever it changes; compacted, so the newest per channel stays.",
  }),
  [Topics.ChannelHealth]: contract({
    event: ChannelHealthEvent,
    key: channelHealthKey,
    keyedBy: 'channelUuid',
    description: "WhatsApp refused a channel's credentials (an expired token), or the channel was configured again since; once per change.",
  }),
  [Topics.TemplateStatus]: contract({
    event: TemplateStatusEvent,
    key: templateStatusKey,
    keyedBy: 'templateUuid',
    description: "A template sync found a template's status changed (paused, disabled, approved), or a new template.",
  }),
} satisfies { [T in Topic]: TopicContract<EventEnvelope, EventKey<string>> };

type Catalogue = typeof eventCatalogue;

/** Per topic, the type of its records' key and of their value (the event). */
export type EventMap = {
  [T in Topic]: Catalogue[T] extends TopicContract<infer TEvent, infer TKey> ? { key: TKey; value: TEvent } : never;
};

/** The event a topic carries. */
export type EventOf<T extends Topic> = EventMap[T]['value'];

/** The key of a topic's records. */
export type KeyOf<T extends Topic> = EventMap[T]['key'];

