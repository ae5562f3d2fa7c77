import { createHash } from 'node:crypto';

/**
 * Herald's `template_uuid` of a WhatsApp message template: derived from the account, name and language that
 * identify it at Meta, so it stays the same across syncs and every service can compute it.
 */
export function templateUuidFor(wabaId: string, name: string, language: string): string {
  return createHash('sha256').update(`${wabaId}:${name}:${language}`).digest('hex').slice(0, 32);
}
