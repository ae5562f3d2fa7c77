import { isTransientFailure, untilAvailable } from './transient-failure';

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
  ])('says yes to %s', (_case, error) => {
    expect(isTransientFailure(error)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a constraint violation', { code: '23505', message: 'duplicate key value' }],
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
    expect(retries).toEqual([200, 400]);
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
