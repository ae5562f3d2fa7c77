import type { FailureReason, ProviderFailureCode } from '@herald/contracts';
import { WhatsAppApiError } from './whatsapp-api.client';

/**
 * What to do about a WhatsApp Cloud API error: retry it (throttling, transient trouble), or fail the message for
 * good with a stable reason code. One table, from Meta's error codes (shared/reference/whatsapp.md).
 */
export type ErrorHandling =
  | { retry: true; kind: 'throttled' | 'pair_rate_limited' | 'transient' | 'outcome_unknown' }
  | { retry: false; code: ProviderFailureCode; message: string; channelUnhealthy?: boolean };

const permanent: Record<number, { code: ProviderFailureCode; message: string; channelUnhealthy?: boolean }> = {
  0: { code: 'provider_auth_failed', message: 'WhatsApp refused the channel\'s credentials', channelUnhealthy: true },
  190: { code: 'provider_token_expired', message: 'The channel\'s access token has expired', channelUnhealthy: true },
  3: { code: 'provider_permission_missing', message: 'The app lacks a capability WhatsApp requires' },
  10: { code: 'provider_permission_missing', message: 'The app lacks a permission WhatsApp requires' },
  200: { code: 'provider_permission_missing', message: 'The app lacks a permission WhatsApp requires' },
  368: { code: 'provider_blocked', message: 'The number is temporarily blocked for policy violations' },
  100: { code: 'provider_invalid_parameter', message: 'WhatsApp found a parameter invalid' },
  131005: { code: 'provider_access_denied', message: 'WhatsApp denied access' },
  131008: { code: 'provider_invalid_parameter', message: 'A required parameter is missing' },
  131009: { code: 'provider_invalid_parameter', message: 'A parameter value is invalid' },
  131021: { code: 'recipient_is_sender', message: 'The recipient is the sending number itself' },
  131026: { code: 'recipient_undeliverable', message: 'The message could not be delivered (not on WhatsApp, old app, or terms not accepted)' },
  131031: { code: 'provider_account_locked', message: 'The business account is locked' },
  131042: { code: 'provider_payment_required', message: 'WhatsApp reports a payment problem on the account' },
  131045: { code: 'provider_number_not_registered', message: 'The sending number is not registered' },
  131047: { code: 'session_window_closed', message: 'More than 24 hours have passed since the customer last replied' },
  131051: { code: 'unsupported_message_type', message: 'WhatsApp does not support this message type' },
  131052: { code: 'media_download_failed', message: 'WhatsApp could not download the media' },
  131053: { code: 'media_upload_failed', message: 'WhatsApp could not process the media' },
  132000: { code: 'template_parameter_count_mismatch', message: 'The template got a different number of parameters than it has' },
  132001: { code: 'template_not_found', message: 'The template does not exist in that name or language' },
  132005: { code: 'template_text_too_long', message: 'The translated template text is too long' },
  132007: { code: 'template_format_violation', message: 'The template breaks WhatsApp\'s character policy' },
  132012: { code: 'template_parameter_format_mismatch', message: 'A template parameter has the wrong format' },
  132015: { code: 'template_paused', message: 'The template is paused' },
  132016: { code: 'template_disabled', message: 'The template is disabled' },
  133010: { code: 'provider_number_not_registered', message: 'The sending number is not registered on the Cloud API' },
};

const throttling = new Set([4, 80007, 130429]);
const transient = new Set([131000, 131016]);

export function classifyProviderError(error: WhatsAppApiError): ErrorHandling {
  // The request may have reached WhatsApp (timed out, or the connection dropped after it was written): sending it
  // again could deliver it twice, so the caller first waits for a status webhook that settles it.
  if (error.outcomeUnknown) return { retry: true, kind: 'outcome_unknown' };
  if (error.code !== undefined && throttling.has(error.code)) return { retry: true, kind: 'throttled' };
  if (error.code === 131056) return { retry: true, kind: 'pair_rate_limited' };
  if (error.code !== undefined && transient.has(error.code)) return { retry: true, kind: 'transient' };
  const known = error.code !== undefined ? permanent[error.code] : undefined;
  if (known) return { retry: false, ...known, message: error.details ?? known.message };
  if (error.httpStatus === 429) return { retry: true, kind: 'throttled' };
  // No answer at all, or a server error without a known code: worth another try.
  if (error.httpStatus === 0 || error.httpStatus >= 500) return { retry: true, kind: 'transient' };
  return { retry: false, code: 'provider_rejected', message: error.details ?? error.message };
}

/**
 * The reason Herald reports for a `failed` status webhook, from the same table as a refused send: WhatsApp accepted
 * the message and failed it later (131026 undeliverable is the usual one).
 */
export function failureFromProviderCode(
  code: number | undefined,
  details?: string,
): FailureReason {
  const known = code !== undefined ? permanent[code] : undefined;
  return {
    code: known?.code ?? 'provider_failed',
    message: details ?? known?.message ?? 'WhatsApp could not deliver the message',
    ...(code !== undefined ? { providerCode: code } : {}),
  };
}
