import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { FieldProblem } from './validation';

/** The one error shape of every Herald HTTP answer that is not a success. */
export interface ErrorResponse {
  error: {
    code: ErrorCode;
    message: string;
    details?: FieldProblem[];
  };
}

/** Stable, machine-readable error codes of the public API. */
export const ErrorCodes = {
  ValidationFailed: 'validation_failed',
  InvalidJson: 'invalid_json',
  UnsupportedMediaType: 'unsupported_media_type',
  PayloadTooLarge: 'payload_too_large',
  Unauthorized: 'unauthorized',
  NotFound: 'not_found',
  InvalidSignature: 'invalid_signature',
  Forbidden: 'forbidden',
  ChannelNotFound: 'channel_not_found',
  /** A webhook endpoint's URL is not https, or its host resolves to an address Herald does not deliver to. */
  WebhookUrlRefused: 'webhook_url_refused',
  InvalidHeader: 'invalid_header',
  IdempotencyConflict: 'idempotency_conflict',
  /** `POST /contacts` of a phone number the team already has a contact for. */
  ContactExists: 'contact_exists',
  RateLimited: 'rate_limited',
  ServiceUnavailable: 'service_unavailable',
  Internal: 'internal_error',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** The error shape as an OpenAPI schema. */
export class FieldProblemDto {
  @ApiProperty({ example: 'content.text' })
  field: string;

  @ApiProperty({ example: 'text must be shorter than or equal to 4096 characters' })
  problem: string;
}

export class ErrorBodyDto {
  @ApiProperty({ enum: Object.values(ErrorCodes), example: 'validation_failed' })
  code: ErrorCode;

  @ApiProperty({ example: 'The request is not a valid message' })
  message: string;

  @ApiPropertyOptional({ type: [FieldProblemDto] })
  details?: FieldProblemDto[];
}

export class ErrorResponseDto {
  @ApiProperty({ type: ErrorBodyDto })
  error: ErrorBodyDto;
}
