import { conversationKey, type ConversationKey } from '../event-keys';
import type { MessageRoute } from '../message-route';

export function messageDecidedKey({ channelUuid, to }: Pick<MessageRoute, 'channelUuid' | 'to'>): ConversationKey {
  return conversationKey(channelUuid, to);
}
