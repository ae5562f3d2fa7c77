import { isTransientFailure } from './transient-failure';

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
