import { contactKey, type ContactKey } from '../event-keys';
import type { ContactErasedData } from './value';

/** One team's contact: every channel's copy of it is erased on the one event. */
export function contactErasedKey({ teamUuid, phone }: Pick<ContactErasedData, 'teamUuid' | 'phone'>): ContactKey {
  return contactKey(teamUuid, phone);
}
