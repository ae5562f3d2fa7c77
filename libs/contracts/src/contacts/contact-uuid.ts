import { createHash } from 'node:crypto';

/**
 * A contact is a team's customer on one phone number. Its uuid is derived, not stored, so every service names the
 * same contact the same way without asking another.
 */
export function contactUuidFor(teamUuid: string, phone: string): string {
  return createHash('sha256').update(`${teamUuid}:${phone}`).digest('hex').slice(0, 32);
}
