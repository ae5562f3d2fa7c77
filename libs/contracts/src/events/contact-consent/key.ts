import { conversationKey, type ConversationKey } from '../event-keys';
import type { ContactConsentData } from './value';

export function contactConsentKey({ channelUuid, phone }: Pick<ContactConsentData, 'channelUuid' | 'phone'>): ConversationKey {
  return conversationKey(channelUuid, phone);
}
