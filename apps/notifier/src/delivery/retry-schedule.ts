/** How patient the notifier is with a receiver that fails. */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * The wait before retry number `retry` (from 1): exponential backoff with full jitter, anywhere between nothing and
 * `baseMs * 2^(retry-1)` (at most `maxMs`), so a receiver back from an outage is not hit by every event at once.
 */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(retry - 1, 40));
  return Math.floor(random() * ceiling);
}

/** Statuses whose `Retry-After` says when to come back. */
const SAYS_WHEN = new Set([429, 503]);

/**
 * A `Retry-After` header's wait in milliseconds: seconds, or an HTTP date. Undefined when there is none, or it is
 * neither; a date in the past is no wait.
 */
export function retryAfterMs(header: string | undefined, now: Date): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1_000;
  const at = Date.parse(value);
  if (Number.isNaN(at) || !/[a-z]/i.test(value)) return undefined;
  return Math.max(0, at - now.getTime());
}

/** An attempt's answer, as far as when to try again depends on it. */
export interface FailedAttempt {
  /** The receiver's status, or null when none came (timeout, connection refused, a refused address). */
  responseCode: number | null;
  retryAfter?: string;
}

/**
 * When a failed delivery is tried again, or null when it is not: the next attempt would come after `retryUntil`
 * (the end of its retry window, counted from when it was queued or replayed). A 429 or 503 with `Retry-After` comes
 * back when the receiver asked; any other failure after the backoff's wait. `retry` counts this one from 1.
 */
export function nextAttemptAt(
  failed: FailedAttempt,
  retry: number,
  retryUntil: Date,
  now: Date,
  policy: RetryPolicy,
  random: () => number = Math.random,
): Date | null {
  const askedMs = failed.responseCode !== null && SAYS_WHEN.has(failed.responseCode) ? retryAfterMs(failed.retryAfter, now) : undefined;
  const waitMs = askedMs ?? backoffMs(retry, policy, random);
  const at = now.getTime() + waitMs;
  return at > retryUntil.getTime() ? null : new Date(at);
}
