import { backoffMs, nextAttemptAt, retryAfterMs } from './retry-schedule';

const policy = { baseMs: 5_000, maxMs: 3_600_000 };
const now = new Date('2030-01-01T00:00:00Z');
const inHours = (hours: number) => new Date(now.getTime() + hours * 3_600_000);

describe('the retry schedule', () => {
  it('waits anywhere up to the doubling ceiling (full jitter), capped', () => {
    expect(backoffMs(1, policy, () => 0.999)).toBe(4_995);
    expect(backoffMs(3, policy, () => 0.5)).toBe(10_000);
    expect(backoffMs(3, policy, () => 0)).toBe(0);
    expect(backoffMs(40, policy, () => 0.999)).toBe(Math.floor(0.999 * 3_600_000));
  });

  it('reads Retry-After in seconds or as an HTTP date, and nothing else', () => {
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs(' 7 ', now)).toBe(7_000);
    expect(retryAfterMs('Tue, 01 Jan 2030 00:01:30 GMT', now)).toBe(90_000);
    expect(retryAfterMs('Mon, 31 Dec 2029 23:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs('-5', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });

  it('comes back when a 429 or a 503 asks, and after the backoff otherwise', () => {
    expect(nextAttemptAt({ responseCode: 429, retryAfter: '600' }, 1, inHours(24), now, policy, () => 0)).toEqual(new Date(now.getTime() + 600_000));
    expect(nextAttemptAt({ responseCode: 503, retryAfter: '30' }, 1, inHours(24), now, policy, () => 0)).toEqual(new Date(now.getTime() + 30_000));
    expect(nextAttemptAt({ responseCode: 500, retryAfter: '600' }, 2, inHours(24), now, policy, () => 0.5)).toEqual(new Date(now.getTime() + 5_000));
    expect(nextAttemptAt({ responseCode: null }, 1, inHours(24), now, policy, () => 0.5)).toEqual(new Date(now.getTime() + 2_500));
    expect(nextAttemptAt({ responseCode: 429, retryAfter: 'later' }, 1, inHours(24), now, policy, () => 0.5)).toEqual(new Date(now.getTime() + 2_500));
  });

  it('gives up once the next attempt would fall after the retry window', () => {
    expect(nextAttemptAt({ responseCode: 500 }, 30, inHours(0.5), now, policy, () => 0.999)).toBeNull();
    expect(nextAttemptAt({ responseCode: 429, retryAfter: '7200' }, 1, inHours(1), now, policy, () => 0)).toBeNull();
    expect(nextAttemptAt({ responseCode: 500 }, 30, inHours(1.5), now, policy, () => 0.999)).not.toBeNull();
  });
});
