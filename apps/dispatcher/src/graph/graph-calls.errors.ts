import { HttpException } from '@nestjs/common';
import { ErrorCode, ErrorCodes } from '@herald/contracts';
import { MediaTooLargeError, WhatsAppApiError } from '@herald/whatsapp';

/** The codes the dispatcher's Graph API calls answer with, and their HTTP status (the ingress passes both on). */
export const graphCallStatus = {
  [ErrorCodes.ChannelNotFound]: 404,
  [ErrorCodes.ValidationFailed]: 422,
  [ErrorCodes.MediaExpired]: 404,
  [ErrorCodes.MediaTooLarge]: 502,
  [ErrorCodes.MessageNotFound]: 404,
  [ErrorCodes.ProviderUnavailable]: 502,
} as const satisfies Partial<Record<ErrorCode, number>>;

export type GraphCallErrorCode = keyof typeof graphCallStatus;

/** An answer in Herald's error shape, as every other service's: `{ error: { code, message } }`. */
export class GraphCallError extends HttpException {
  constructor(
    readonly code: GraphCallErrorCode,
    message: string,
  ) {
    super({ error: { code, message } }, graphCallStatus[code]);
  }
}

/** What Meta answers for a media id it does not have (any more): `Unsupported get request`, code 100, subcode 33. */
const isUnknownObject = (error: WhatsAppApiError) => error.httpStatus === 404 || (error.code === 100 && error.subcode === 33);

/** Meta refused the channel's token: an operator has to configure the channel again. */
export const isRefusedToken = (error: WhatsAppApiError) => error.code === 190 || error.httpStatus === 401 || error.httpStatus === 403;

/**
 * A failed Graph API call as the caller is told it. The reason, which may name Meta's words but never the token, is
 * for the log; the caller learns only what it can act on.
 */
export function toGraphCallError(error: unknown, what: 'media' | 'upload' | 'read', redact: (text: string) => string = (text) => text): GraphCallError {
  if (error instanceof MediaTooLargeError) {
    return new GraphCallError(ErrorCodes.MediaTooLarge, `The media is larger than ${error.maxBytes} bytes, which Herald does not relay`);
  }
  if (error instanceof WhatsAppApiError && what === 'media' && isUnknownObject(error)) {
    return new GraphCallError(ErrorCodes.MediaExpired, 'WhatsApp no longer has this media');
  }
  if (error instanceof WhatsAppApiError && what === 'read' && error.httpStatus >= 400 && error.httpStatus < 500 && !isRefusedToken(error)) {
    // Meta does not know the message (too old, or another number's): nothing to retry.
    return new GraphCallError(ErrorCodes.MessageNotFound, 'WhatsApp did not take the read receipt for this message');
  }
  if (error instanceof WhatsAppApiError && what === 'upload' && error.httpStatus >= 400 && error.httpStatus < 500 && !isRefusedToken(error)) {
    return new GraphCallError(ErrorCodes.ValidationFailed, `WhatsApp refused the file: ${redact(error.message)}`);
  }
  const refused = error instanceof WhatsAppApiError && isRefusedToken(error);
  return new GraphCallError(
    ErrorCodes.ProviderUnavailable,
    refused ? "WhatsApp refused the channel's credentials; check the channel's access token" : 'WhatsApp could not be reached; retry later',
  );
}
