import { conversationKey, type ConversationKey } from '../event-keys';
import type { InboundMessageData } from './value';

/** A webhook names the phone number, not Herald's channel: the number's conversation with the customer. */
export function whatsAppInboundKey({ phoneNumberId, from }: Pick<InboundMessageData, 'phoneNumberId' | 'from'>): ConversationKey {
  return conversationKey(phoneNumberId, from);
}
