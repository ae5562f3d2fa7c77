import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { GraphApiError } from './graph-api.error';
import { newFbtraceId } from './graph-ids';

/** The sandbox's own endpoints: they answer errors as any Nest service does, not as the Graph API. */
export const SANDBOX_OWN_PATH_PREFIXES = ['/_sandbox', '/health'];

/** What Fastify's body parsing errors (raised before any route runs) mean for a Graph API client. */
const bodyErrorDetails: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'The request body must be JSON (Content-Type: application/json)',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body',
};

/**
 * The sandbox's one error filter. On the emulated Graph API (every path but the sandbox's own) any error is answered
 * in Meta's shape, `{"error":{"message","type","code","error_data","fbtrace_id"}}`: the Graph API errors services
 * throw, body errors Fastify raises before a route runs, and Meta's unknown error for anything else. The sandbox's
 * own endpoints (`/_sandbox`, `/health`) keep Nest's usual answers.
 */
@Catch()
export class GraphErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(GraphErrorFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const path = http.getRequest<FastifyRequest>().url;
    const ownEndpoint = SANDBOX_OWN_PATH_PREFIXES.some(
      (prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`),
    );
    if (ownEndpoint && error instanceof HttpException) {
      const response = error.getResponse();
      void reply
        .status(error.getStatus())
        .send(typeof response === 'string' ? { statusCode: error.getStatus(), message: response } : response);
      return;
    }
    const graphError = toGraphError(error);
    if (graphError.httpStatus >= 500) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    void reply.status(graphError.httpStatus).send(graphError.toResponse(newFbtraceId()));
  }
}

/** Any error as the Graph API would answer it. */
export function toGraphError(error: unknown): GraphApiError {
  if (error instanceof GraphApiError) return error;
  const fastifyError = error as Partial<FastifyError> | undefined;
  const status = error instanceof HttpException ? error.getStatus() : fastifyError?.statusCode;
  if (status && status >= 400 && status < 500) {
    const details =
      (fastifyError?.code && bodyErrorDetails[fastifyError.code]) || fastifyError?.message || 'Bad request';
    return new GraphApiError(status, 100, '(#100) Invalid parameter', details);
  }
  return GraphApiError.unknown();
}
