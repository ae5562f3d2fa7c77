import { ErrorCode, ErrorCodes, FieldProblem } from '@herald/contracts';

/**
 * A domain error with a stable machine-readable code. Services throw these; the HTTP error filter turns them into
 * the public error shape, so no service knows about HTTP.
 */
export class HeraldError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldProblem[],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'HeraldError';
  }
}

/** The HTTP status of each error code. */
export const httpStatusOf: Record<ErrorCode, number> = {
  [ErrorCodes.ValidationFailed]: 422,
  [ErrorCodes.ReplyToNotFound]: 422,
  [ErrorCodes.ReactionMessageNotFound]: 422,
  [ErrorCodes.InvalidJson]: 400,
  [ErrorCodes.UnsupportedMediaType]: 415,
  [ErrorCodes.PayloadTooLarge]: 413,
  [ErrorCodes.Unauthorized]: 401,
  [ErrorCodes.InvalidSignature]: 401,
  [ErrorCodes.Forbidden]: 403,
  [ErrorCodes.NotFound]: 404,
  [ErrorCodes.ChannelNotFound]: 422,
  [ErrorCodes.WebhookUrlRefused]: 422,
  [ErrorCodes.InvalidHeader]: 400,
  [ErrorCodes.IdempotencyConflict]: 409,
  [ErrorCodes.ContactExists]: 409,
  [ErrorCodes.MediaNotFound]: 404,
  [ErrorCodes.MediaExpired]: 404,
  [ErrorCodes.MediaTooLarge]: 502,
  [ErrorCodes.MessageNotFound]: 404,
  [ErrorCodes.MessageNotInbound]: 422,
  [ErrorCodes.ProviderUnavailable]: 502,
  [ErrorCodes.RateLimited]: 429,
  [ErrorCodes.ServiceUnavailable]: 503,
  [ErrorCodes.Internal]: 500,
};
