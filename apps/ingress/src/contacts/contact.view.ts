import type { ContactView, ConversationMessageView, InboundMessageListItem } from '@herald/contracts';
import { contactUuidFor } from '@herald/contracts';
import type { Contact, ConversationEntry, InboundMessage, Message } from '@herald/ledger';

/**
 * A contact as Callbell's contact object has it, and Herald's additions. `href` and `conversationHref` are Herald's
 * own API paths (Herald has no dashboard). `window` is the policy's to fill: it is left out here.
 */
export function toContactView(contact: Contact): ContactView {
  const href = `/contacts/${contact.uuid}`;
  return {
    uuid: contact.uuid,
    name: contact.name ?? contact.profileName ?? contact.phone,
    phoneNumber: contact.phone,
    avatarUrl: null,
    createdAt: contact.createdAt.toISOString(),
    source: 'whatsapp',
    href,
    conversationHref: `${href}/messages`,
    tags: contact.tags,
    assignedUser: contact.assignedUser,
    customFields: contact.customFields,
    note: contact.note,
    channel: contact.channelUuid ? { uuid: contact.channelUuid } : null,
    profileName: contact.profileName,
    updatedAt: contact.updatedAt.toISOString(),
  };
}

/** What a customer's message says in words: its text, a media's caption, a reply's title. */
function inboundText(message: InboundMessage): string | null {
  const { text, media, reply } = message.content as { text?: unknown; media?: { caption?: unknown }; reply?: { title?: unknown } };
  for (const candidate of [text, media?.caption, reply?.title]) if (typeof candidate === 'string') return candidate;
  return null;
}

/** A team's message's words: the rendered text once known (templates), else the request's text or caption. */
function outboundText(message: Message): string | null {
  if (message.renderedText) return message.renderedText;
  const text = (message.request.content as { text?: unknown } | undefined)?.text;
  return typeof text === 'string' ? text : null;
}

/** Callbell's message object, either way: the customer by their number, Herald's side by the channel's uuid. */
export function toConversationMessageView(entry: ConversationEntry): ConversationMessageView {
  if (entry.direction === 'inbound') {
    const message = entry.message;
    return {
      uuid: message.uuid,
      text: inboundText(message),
      createdAt: message.sentAt.toISOString(),
      status: 'received',
      channel: 'whatsapp',
      from: message.phone,
      to: message.channelUuid,
      direction: 'inbound',
      type: message.type,
      content: message.content,
      channelUuid: message.channelUuid,
      providerMessageId: message.providerMessageId,
    };
  }
  const message = entry.message;
  return {
    uuid: message.uuid,
    text: outboundText(message),
    createdAt: message.createdAt.toISOString(),
    status: message.status,
    channel: 'whatsapp',
    from: message.channelUuid,
    to: message.to,
    direction: 'outbound',
    type: message.request.type,
    content: { ...message.request.content },
    channelUuid: message.channelUuid,
    providerMessageId: message.providerMessageId,
  };
}

/** A customer's message as `GET /messages` lists it beside the team's. */
export function toInboundListItem(message: InboundMessage): InboundMessageListItem {
  return {
    uuid: message.uuid,
    direction: 'inbound',
    from: message.phone,
    to: message.channelUuid,
    type: message.type,
    content: message.content,
    contactUuid: contactUuidFor(message.teamUuid, message.phone),
    channelUuid: message.channelUuid,
    status: 'received',
    providerMessageId: message.providerMessageId,
    createdAt: message.sentAt.toISOString(),
  };
}
