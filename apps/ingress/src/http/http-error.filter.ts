import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ErrorCode, ErrorCodes, ErrorResponse } from '@herald/contracts';
import { isTransientFailure } from '@herald/kafka';
import type { FastifyError, FastifyReply } from 'fastify';
import { HeraldError, httpStatusOf } from './herald-error';

/** Fastify's own errors (raised before a route runs) and what they mean for a client. */
const fastifyErrors: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: ErrorCodes.UnsupportedMediaType, message: 'Content-Type must be application/json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: ErrorCodes.PayloadTooLarge, message: 'The request body is too large' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: ErrorCodes.InvalidJson, message: 'The request body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: ErrorCodes.InvalidJson, message: 'The request body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: ErrorCodes.InvalidJson, message: 'Content-Length does not match the body' },
};

const byHttpStatus: Record<number, ErrorCode> = {
  400: ErrorCodes.InvalidJson,
  401: ErrorCodes.Unauthorized,
  403: ErrorCodes.Forbidden,
  404: ErrorCodes.NotFound,
  413: ErrorCodes.PayloadTooLarge,
  415: ErrorCodes.UnsupportedMediaType,
  429: ErrorCodes.RateLimited,
};

/** How long a client is asked to wait when the database or the broker is away: a restart takes seconds. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** Turns any error into `{"error":{"code","message","details"}}`: never a stack trace, never HTML. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorResponse; retryAfter?: number } {
  if (error instanceof HeraldError) {
    return {
      status: httpStatusOf[error.code],
      body: { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } },
      retryAfter: error.retryAfterSeconds,
    };
  }
  const fastifyCode = (error as FastifyError | undefined)?.code;
  if (fastifyCode && fastifyErrors[fastifyCode]) {
    const known = fastifyErrors[fastifyCode];
    return { status: httpStatusOf[known.code], body: { error: { code: known.code, message: known.message } } };
  }
  if (error instanceof SyntaxError) {
    return { status: 400, body: { error: { code: ErrorCodes.InvalidJson, message: 'The request body is not valid JSON' } } };
  }
  const status = error instanceof HttpException ? error.getStatus() : (error as FastifyError | undefined)?.statusCode;
  if (status && status >= 400 && status < 500) {
    const code = byHttpStatus[status] ?? ErrorCodes.InvalidJson;
    const message = status === 404 ? 'No such resource' : (error as Error).message;
    return { status, body: { error: { code, message } } };
  }
  // A dependency is away (terminus' readiness answer among them): 503, as the status says, never a 500.
  if (isTransientFailure(error) || status === 503) {
    return {
      status: 503,
      body: { error: { code: ErrorCodes.ServiceUnavailable, message: 'Herald cannot reach its database or broker right now; retry later' } },
      retryAfter: UNAVAILABLE_RETRY_AFTER_SECONDS,
    };
  }
  return { status: 500, body: { error: { code: ErrorCodes.Internal, message: 'Internal error' } } };
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(error: unknown, host: ArgumentsHost) {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body, retryAfter } = toErrorResponse(error);
    // An outage is logged where it is noticed (health, the cache's listener); each refused request is not a defect.
    if (status === 503 && !(error instanceof HeraldError)) this.logger.warn(`answered 503: ${error instanceof Error ? error.message : String(error)}`);
    else if (status >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
    void reply.status(status).send(body);
  }
}
