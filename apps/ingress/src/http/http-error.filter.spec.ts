import { ServiceUnavailableException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { toErrorResponse } from './http-error.filter';

/** An error as pg (or Node's socket under it) raises it. */
const driverError = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

describe('toErrorResponse when PostgreSQL is away', () => {
  it.each([
    ['the connection refused', driverError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['the connection dropped mid-query', new QueryFailedError('SELECT 1', [], driverError('Connection terminated unexpectedly'))],
    ['no client from the pool in time', driverError('timeout exceeded when trying to connect')],
    ['the server shutting down', new QueryFailedError('SELECT 1', [], driverError('terminating connection due to administrator command', '57P01'))],
    ['the server starting up', driverError('the database system is starting up', '57P03')],
    ['too many connections', driverError('sorry, too many clients already', '53300')],
    ['a readiness check that failed (terminus)', new ServiceUnavailableException({ status: 'error', error: { database: { status: 'down' } } })],
  ])('answers 503 service_unavailable with Retry-After for %s', (_case, error) => {
    expect(toErrorResponse(error)).toEqual({
      status: 503,
      body: { error: { code: 'service_unavailable', message: expect.any(String) } },
      retryAfter: expect.any(Number),
    });
  });

  it('still answers 500 for a query that is wrong', () => {
    expect(toErrorResponse(new QueryFailedError('SELEC 1', [], driverError('syntax error at or near "SELEC"', '42601'))).status).toBe(500);
  });
});
