import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ErrorCodes } from '@herald/contracts';
import { HeraldError } from '../http/herald-error';
import type { KeyClaims } from './idempotency-keys.repository';

export const IDEMPOTENCY_WINDOW_HOURS = 24;
const acceptableKey = /^[\x21-\x7e]{1,255}$/;

/** The outcome of claiming a key: a new claim to act on, or the message an earlier identical request created. */
export type IdempotencyClaim = { kind: 'new' } | { kind: 'replay'; messageUuid: string };

/**
 * `Idempotency-Key`: the same key and request within 24 hours answer with the same message and never enqueue it
 * twice. The claim is a row inserted in the caller's transaction: a concurrent request with the same key waits
 * on the row until the first commits (then it replays the result) or rolls back (then it claims the key itself).
 */
@Injectable()
export class IdempotencyService {
  validate(key: string | undefined): string | undefined {
    if (key === undefined) return undefined;
    if (!acceptableKey.test(key)) {
      throw new HeraldError(ErrorCodes.InvalidHeader, 'Idempotency-Key must be 1 to 255 printable ASCII characters', [
        { field: 'Idempotency-Key', problem: 'must be 1 to 255 printable ASCII characters without spaces' },
      ]);
    }
    return key;
  }

  async claim(keys: KeyClaims, claim: { teamUuid: string; key: string; request: unknown; messageUuid: string }): Promise<IdempotencyClaim> {
    const requestHash = hashRequest(claim.request);
    await keys.freeIfExpired(claim.teamUuid, claim.key, IDEMPOTENCY_WINDOW_HOURS);
    if (await keys.claim({ teamUuid: claim.teamUuid, key: claim.key, requestHash, messageUuid: claim.messageUuid })) return { kind: 'new' };
    const existing = await keys.holder(claim.teamUuid, claim.key);
    if (existing.requestHash !== requestHash) {
      throw new HeraldError(
        ErrorCodes.IdempotencyConflict,
        'This Idempotency-Key was already used with a different request in the last 24 hours',
      );
    }
    return { kind: 'replay', messageUuid: existing.messageUuid };
  }
}

/** The same request written with its keys in another order is the same request. */
export function hashRequest(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
