import { conversationKey, type ConversationKey } from '../event-keys';
import type { MessageStatusData } from './value';

/**
 * A webhook names the phone number and the recipient, not Herald's channel: the number's conversation with the
 * recipient, whose number WhatsApp writes without the plus.
 */
export function messageStatusKey({ phoneNumberId, recipientId }: Pick<MessageStatusData, 'phoneNumberId' | 'recipientId'>): ConversationKey {
  return conversationKey(phoneNumberId, recipientId);
}
