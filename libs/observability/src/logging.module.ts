import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { BaseConfig } from '@herald/config';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

const acceptableRequestId = /^[\w.:-]{1,100}$/;

/** The request id of an HTTP request: the caller's `X-Request-Id` when it is sane, else a new one. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && acceptableRequestId.test(given) ? given : randomUUID();
}

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
          genReqId: (request: IncomingMessage, response: ServerResponse) => {
            const id = requestIdOf(request);
            response.setHeader(REQUEST_ID_HEADER, id);
            return id;
          },
          customAttributeKeys: { reqId: 'requestId' },
          redact: {
            paths: ['req.headers.authorization', 'req.headers["x-hub-signature-256"]', 'req.headers.cookie'],
            censor: '[redacted]',
          },
          // Health probes every few seconds would drown everything else.
          autoLogging: { ignore: (request: IncomingMessage) => request.url?.startsWith('/health') ?? false },
          serializers: {
            req: (request: { id: string; method: string; url: string }) => ({ method: request.method, url: request.url }),
          },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
