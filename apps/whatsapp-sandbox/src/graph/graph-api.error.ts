import type { GraphErrorResponse } from '@herald/whatsapp';

/**
 * An error the emulated Graph API answers with, carrying Meta's code and the HTTP status Meta uses for it. Services
 * throw these; `GraphErrorFilter` renders them in Meta's error shape.
 */
export class GraphApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    message: string,
    readonly details?: string,
    readonly subcode?: number,
    readonly type = 'OAuthException',
  ) {
    super(message);
    this.name = 'GraphApiError';
  }

  static invalidParameter(details: string): GraphApiError {
    return new GraphApiError(400, 100, '(#100) Invalid parameter', details);
  }

  static accessTokenMissing(): GraphApiError {
    return new GraphApiError(401, 190, 'An access token is required to request this resource.');
  }

  static accessTokenInvalid(): GraphApiError {
    return new GraphApiError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
  }

  static unknownPath(path: string): GraphApiError {
    return new GraphApiError(404, 2500, `Unknown path components: ${path}`);
  }

  /** Meta's answer for an id that is not an object this token can use (a malformed phone number id or WABA id). */
  static unsupportedRequest(method: 'get' | 'post', objectId: string): GraphApiError {
    return new GraphApiError(
      400,
      100,
      `Unsupported ${method} request. Object with ID '${objectId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      undefined,
      33,
      'GraphMethodException',
    );
  }

  /** A media download URL that names no media the sandbox holds (expired, or never sent). */
  static mediaUrlNotFound(): GraphApiError {
    return new GraphApiError(404, 100, '(#100) The media URL is not valid or has expired', undefined, undefined, 'GraphMethodException');
  }

    static requiredParameterMissing(details: string): GraphApiError {
    return new GraphApiError(400, 131008, '(#131008) Required parameter is missing', details);
  }

  static parameterValueInvalid(details: string): GraphApiError {
    return new GraphApiError(400, 131009, '(#131009) Parameter value is not valid', details);
  }

  static mediaUploadError(details: string): GraphApiError {
    return new GraphApiError(400, 131053, '(#131053) Media upload error', details);
  }

  static templateDoesNotExist(details: string): GraphApiError {
    return new GraphApiError(
      404,
      132001,
      '(#132001) Template name does not exist in the translation',
      details,
    );
  }

  static templateParameterCountMismatch(details: string): GraphApiError {
    return new GraphApiError(
      400,
      132000,
      '(#132000) Number of parameters does not match the expected number of params',
      details,
    );
  }

  static templateParameterFormatMismatch(details: string): GraphApiError {
    return new GraphApiError(
      400,
      132012,
      '(#132012) Parameter format does not match format in the created template',
      details,
    );
  }

  static templatePaused(details: string): GraphApiError {
    return new GraphApiError(400, 132015, '(#132015) Template is paused', details);
  }

  static templateDisabled(details: string): GraphApiError {
    return new GraphApiError(400, 132016, '(#132016) Template is disabled', details);
  }

  static unknown(): GraphApiError {
    return new GraphApiError(500, 1, 'An unknown error has occurred.');
  }

  toResponse(fbtraceId: string): GraphErrorResponse {
    return {
      error: {
        message: this.message,
        type: this.type,
        code: this.code,
        ...(this.details !== undefined
          ? { error_data: { messaging_product: 'whatsapp' as const, details: this.details } }
          : {}),
        ...(this.subcode !== undefined ? { error_subcode: this.subcode } : {}),
        fbtrace_id: fbtraceId,
      },
    };
  }
}
