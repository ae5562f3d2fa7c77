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
  /** No message of the team carried a media with this id (or its contact was erased). */
  MediaNotFound: 'media_not_found',
  /** `reply_to` names no message of the conversation that WhatsApp knows (unknown, another conversation's, or not sent yet). */
  ReplyToNotFound: 'reply_to_not_found',
  /** A reaction's `content.message_uuid` names no message of the conversation that WhatsApp knows. */
  ReactionMessageNotFound: 'reaction_message_not_found',
  /** WhatsApp does not have the media (Meta keeps a customer's media for a limited time). */
  MediaExpired: 'media_expired',
  /** The media is larger than WhatsApp's largest (100 MB): Herald does not relay it. */
  MediaTooLarge: 'media_too_large',
  /** No customer's message of the team has this uuid (`POST /messages/:uuid/read`). */
  MessageNotFound: 'message_not_found',
  /** The uuid is the team's own message, not a customer's: only what a customer wrote can be marked read. */
  MessageNotInbound: 'message_not_inbound',
  /** WhatsApp could not be reached, or refused the channel's credentials; retry later, or check the channel. */
  ProviderUnavailable: 'provider_unavailable',
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
