import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyError, FastifyReply } from 'fastify';
import { GraphApiError } from './graph-api.error';
import { newFbtraceId } from './graph-ids';

/** What Fastify's body parsing errors (raised before any route runs) mean for a Graph API client. */
const bodyErrorDetails: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'The request body must be JSON (Content-Type: application/json)',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body',
};

/**
 * The sandbox's one error filter. Graph API errors, and body errors Fastify raises before a route runs, are answered
 * in Meta's shape (`{"error":{"message","type","code","error_data","fbtrace_id"}}`). HTTP exceptions of the
 * sandbox's own endpoints (`/_sandbox`, `/health`) keep Nest's usual answer. Anything else is Meta's unknown error.
 */
@Catch()
export class GraphErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(GraphErrorFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof HttpException) {
      const response = error.getResponse();
      void reply
        .status(error.getStatus())
        .send(typeof response === 'string' ? { statusCode: error.getStatus(), message: response } : response);
      return;
    }
    const graphError = this.toGraphError(error);
    if (graphError.httpStatus >= 500) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    void reply.status(graphError.httpStatus).send(graphError.toResponse(newFbtraceId()));
  }

  private toGraphError(error: unknown): GraphApiError {
    if (error instanceof GraphApiError) return error;
    const fastifyError = error as Partial<FastifyError> | undefined;
    const details = fastifyError?.code ? bodyErrorDetails[fastifyError.code] : undefined;
    if (details) {
      const invalid = GraphApiError.invalidParameter(details);
      return new GraphApiError(fastifyError?.statusCode ?? 400, invalid.code, invalid.message, details);
    }
    const status = fastifyError?.statusCode;
    if (status && status >= 400 && status < 500) {
      const invalid = GraphApiError.invalidParameter(fastifyError?.message ?? 'Bad request');
      return new GraphApiError(status, invalid.code, invalid.message, invalid.details);
    }
    return GraphApiError.unknown();
  }
}
