import { randomUUID } from 'node:crypto';
import { Module, RequestMethod } from '@nestjs/common';
import { BaseConfig } from '@herald/config';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

declare module 'node:http' {
  interface IncomingMessage {
    originalUrl?: string;
  }
}

const acceptableRequestId = /^[\w.:-]{1,100}$/;

/** The request id of an HTTP request: the caller's `X-Request-Id` when it is sane, else a new one. */
export function requestIdOf(request: { headers: IncomingHttpHeaders }): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && acceptableRequestId.test(given) ? given : randomUUID();
}

/**
 * WhatsApp sends three status webhooks for every message: one answered is routine, logged at debug, while one refused
 * or failed is logged as any request is.
 */
const ROUTINE_WHEN_ANSWERED = ['/webhooks/'];

/** The level of a request's access log line: pino-http's own choice, but debug for a routine request answered. */
export function accessLogLevel(url: string, statusCode: number, error?: unknown): 'error' | 'info' | 'debug' {
  if (error || statusCode >= 500) return 'error';
  return statusCode < 400 && ROUTINE_WHEN_ANSWERED.some((prefix) => url.startsWith(prefix)) ? 'debug' : 'info';
}

const urlOf = (request: IncomingMessage) => request.originalUrl ?? request.url ?? '';

/** A query parameter that carries a secret: Meta's webhook verification sends `hub.verify_token` in the URL. */
const secretInQuery = /([?&][^=&#]*(?:token|secret|key)[^=&#]*=)[^&#]*/gi;

/**
 * What a request's log lines say about it: its id, method and URL, a secret in the query censored. Headers are
 * never logged, so no credential (the API key, the webhook signature, a cookie) can be: that is what keeps them out
 * of the logs, at no cost, where a redaction of header paths would cost every request a clone of its bindings.
 */
export function requestLogFields(request: { id: unknown; method?: string; url?: string }): { id: unknown; method?: string; url?: string } {
  const url = request.url?.includes('?') ? request.url.replace(secretInQuery, '$1[redacted]') : request.url;
  return { id: request.id, method: request.method, url };
}

/**
 * Health probes, every few seconds, pass the logging middleware by: they are not logged, and they do not enter the
 * request's logging context. That context is an AsyncLocalStorage, and on Node 20 the first request that enters
 * one turns on a hook that every promise the process creates afterwards pays for: in the services whose only
 * requests are their probes, 3% of the dispatcher's busy time and 1.3% of the policy's and the template's.
 */
const UNLOGGED_ROUTES = [{ path: 'health/*path', method: RequestMethod.ALL }];

/**
 * Structured logs (pino): one JSON line per event, the request id on every line logged while serving a request,
 * and never a credential.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [BaseConfig],
      useFactory: (config: BaseConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          transport: config.LOG_FORMAT === 'pretty' ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
          // Fastify assigns the id (see runService); this covers a request that reaches pino-http without one.
          genReqId: (request: IncomingMessage) => (request.id ? String(request.id) : requestIdOf(request)),
          customLogLevel: (request: IncomingMessage, response: { statusCode: number }, error?: Error) =>
            accessLogLevel(urlOf(request), response.statusCode, error),
          serializers: {
            req: requestLogFields,
            res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
          },
        },
        exclude: UNLOGGED_ROUTES,
      }),
    }),
  ],
})
export class LoggingModule {}
