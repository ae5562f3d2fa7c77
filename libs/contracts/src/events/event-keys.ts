declare const keyKind: unique symbol;

/**
 * A record key of one kind. Only the builders below make one, so a topic whose key is a conversation cannot be
 * published with a channel uuid for its key, or with a string put together by hand.
 */
export type EventKey<TKind extends string> = string & { readonly [keyKind]: TKind };

/** One contact on one channel (or phone number): its events share a partition and stay in order. */
export type ConversationKey = EventKey<'conversation'>;

/** One team's contact, whichever of the team's channels it speaks through. */
export type ContactKey = EventKey<'contact'>;

/** One channel: the compacted topic keeps the newest event per key, so the newest configuration per channel. */
export type ChannelKey = EventKey<'channel'>;

/** One message template: its events share a partition and stay in order. */
export type TemplateKey = EventKey<'template'>;

/** Events about one contact are keyed by channel (or phone number id) and recipient. */
export function conversationKey(channelUuid: string, to: string): ConversationKey {
  return `${channelUuid}:${to}` as ConversationKey;
}

export function contactKey(teamUuid: string, phone: string): ContactKey {
  return `${teamUuid}:${phone}` as ContactKey;
}

export function channelKey(channelUuid: string): ChannelKey {
  return channelUuid as ChannelKey;
}

export function templateKey(templateUuid: string): TemplateKey {
  return templateUuid as TemplateKey;
}
