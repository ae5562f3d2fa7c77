import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
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
 * or failed is logged as any request is. Health probes every few seconds are not logged at all.
 */
const ROUTINE_WHEN_ANSWERED = ['/webhooks/'];
const NEVER_LOGGED = ['/health'];

/** The level of a request's access log line: pino-http's own choice, but debug for a routine request answered. */
export function accessLogLevel(url: string, statusCode: number, error?: unknown): 'error' | 'info' | 'debug' {
  if (error || statusCode >= 500) return 'error';
  return statusCode < 400 && ROUTINE_WHEN_ANSWERED.some((prefix) => url.startsWith(prefix)) ? 'debug' : 'info';
}

const urlOf = (request: IncomingMessage) => request.originalUrl ?? request.url ?? '';

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
          redact: {
            paths: ['req.headers.authorization', 'req.headers["x-hub-signature-256"]', 'req.headers.cookie'],
            censor: '[redacted]',
          },
          autoLogging: { ignore: (request: IncomingMessage) => NEVER_LOGGED.some((prefix) => urlOf(request).startsWith(prefix)) },
          customLogLevel: (request: IncomingMessage, response: { statusCode: number }, error?: Error) =>
            accessLogLevel(urlOf(request), response.statusCode, error),
          serializers: {
            req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, url: request.url }),
            res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
          },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
