import { conversationKey, type ConversationKey } from '../event-keys';
import type { ContactWindowClosingData } from './value';

/** One contact on one channel: its alerts follow the messages about it, in the same partition. */
export function contactWindowClosingKey({ channelUuid, phone }: Pick<ContactWindowClosingData, 'channelUuid' | 'phone'>): ConversationKey {
  return conversationKey(channelUuid, phone);
}
