import { isTransientFailure, retryDelay, untilAvailable } from './transient-failure';

describe('isTransientFailure', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['PostgreSQL shutting down, wrapped by TypeORM', { message: 'Query failed', driverError: { code: '57P01' } }],
    ['a connection exception', { code: '08006' }],
    ['the pool unable to connect', new Error('timeout exceeded when trying to connect')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['the broker gone', Object.assign(new Error('x'), { name: 'KafkaJSNumberOfRetriesExceeded' })],
    ['a retriable broker error', Object.assign(new Error('x'), { name: 'KafkaJSProtocolError', retriable: true })],
    ['fetch failing on a reset', Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } })],
    ['a deadlock, wrapped by TypeORM', { message: 'deadlock detected', driverError: { code: '40P01' } }],
    ['a serialization failure', { code: '40001', message: 'could not serialize access due to concurrent update' }],
    ['a lock timeout', { code: '55P03', message: 'canceling statement due to lock timeout' }],
    ['a statement timeout', { code: '57014', message: 'canceling statement due to statement timeout' }],
    ['a full disk', { code: '53100', message: 'could not extend file: No space left on device' }],
    ['the server out of memory', { code: '53200', message: 'out of memory' }],
    ['too many connections', { code: '53300', message: 'sorry, too many clients already' }],
  ])('says yes to %s', (_case, error) => {
    expect(isTransientFailure(error)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a constraint violation', { code: '23505', message: 'duplicate key value' }],
    ['a value out of range', { code: '22003', message: 'integer out of range' }],
    ['a configuration limit', { code: '53400', message: 'configuration limit exceeded' }],
    ['a non-retriable broker error', Object.assign(new Error('x'), { name: 'KafkaJSProtocolError', retriable: false })],
    ['nothing', undefined],
  ])('says no to %s', (_case, error) => {
    expect(isTransientFailure(error)).toBe(false);
  });
});

describe('untilAvailable', () => {
  const brokerGone = () => Object.assign(new Error('the broker is away'), { name: 'KafkaJSNumberOfRetriesExceeded' });

  it('tries a step again while its failure is transient, and answers what it finally gives', async () => {
    const failures = [brokerGone(), brokerGone()];
    const step = jest.fn(async () => {
      const failure = failures.shift();
      if (failure) throw failure;
      return 'published';
    });
    const retries: number[] = [];
    await expect(untilAvailable(step, (_error, delayMs) => retries.push(delayMs))).resolves.toBe('published');
    expect(step).toHaveBeenCalledTimes(3);
    // About 200 ms, then twice that, each drawn from its upper half.
    expect(retries).toHaveLength(2);
    expect(retries[0]).toBeGreaterThanOrEqual(100);
    expect(retries[0]).toBeLessThan(200);
    expect(retries[1]).toBeGreaterThanOrEqual(200);
    expect(retries[1]).toBeLessThan(400);
  });

  it('gives up at once on a failure that is not an outage', async () => {
    const step = jest.fn(async () => {
      throw new TypeError('a bug');
    });
    const onRetry = jest.fn();
    await expect(untilAvailable(step, onRetry)).rejects.toThrow('a bug');
    expect(step).toHaveBeenCalledTimes(1);
    expect(onRetry).not.toHaveBeenCalled();
  });
});

describe('retryDelay', () => {
  it('doubles from the first wait up to the cap, each wait drawn from the upper half of its step', () => {
    const waits = Array.from({ length: 200 }, () => [1, 2, 3, 4, 5].map((retry) => retryDelay(retry, 500, 4_000)));
    for (const [index, cap] of [500, 1_000, 2_000, 4_000, 4_000].entries()) {
      const drawn = waits.map((wait) => wait[index]);
      expect(Math.min(...drawn)).toBeGreaterThanOrEqual(cap / 2);
      expect(Math.max(...drawn)).toBeLessThan(cap);
      // Drawn, not fixed: the retries of many messages spread out.
      expect(new Set(drawn).size).toBeGreaterThan(1);
    }
  });
});
