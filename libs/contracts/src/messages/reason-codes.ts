/**
 * Every reason code a message can carry, by where it comes from. Clients match on these strings: a code is never
 * renamed, only added (docs/api.md lists them for clients).
 */

/** Why a message was refused before anything was sent (`rejected`): by the policy, or by the template service. */
export const rejectionCodes = [
  'contact_opted_out',
  'unsupported_on_channel',
  'optin_required',
  'session_window_closed',
  'channel_not_in_team',
  'template_not_found',
  'template_language_unavailable',
  'template_not_approved',
  'template_parameter_count_mismatch',
  'template_parameter_invalid',
  'template_media_missing',
  'template_media_mismatch',
  'template_parameter_missing',
  'template_parameter_unknown',
  'template_parameter_too_long',
  'template_carousel_mismatch',
  /** A reply_to or a reaction whose message has no WhatsApp id the sender knows (published straight to Kafka without it). */
  'referenced_message_unknown',
] as const;
export type RejectionCode = (typeof rejectionCodes)[number];

/** The codes WhatsApp's error codes map to (libs/whatsapp provider-errors), on a refused send or a `failed` webhook. */
export const providerFailureCodes = [
  'provider_auth_failed',
  'provider_token_expired',
  'provider_permission_missing',
  'provider_blocked',
  'provider_invalid_parameter',
  'provider_access_denied',
  'provider_account_locked',
  'provider_payment_required',
  'provider_number_not_registered',
  'recipient_is_sender',
  'recipient_undeliverable',
  'session_window_closed',
  'unsupported_message_type',
  'media_download_failed',
  'media_upload_failed',
  'template_parameter_count_mismatch',
  'template_not_found',
  'template_text_too_long',
  'template_format_violation',
  'template_parameter_format_mismatch',
  'template_paused',
  'template_disabled',
  /** Any other error WhatsApp answered a send with. */
  'provider_rejected',
  /** A `failed` webhook with an error code not in the table. */
  'provider_failed',
] as const;
export type ProviderFailureCode = (typeof providerFailureCodes)[number];

/** Why a send failed or is held (`failed`, `held`): WhatsApp's answer, or the dispatcher's own reasons. */
export const failureCodes = [
  ...providerFailureCodes,
  'provider_unavailable',
  'channel_not_configured',
  'outcome_unknown',
  'abandoned_by_operator',
  /** A media link Herald fetches to upload once could not give WhatsApp a file (not found, too large, wrong type, refused address). */
  'media_unavailable',
] as const;
export type FailureCode = (typeof failureCodes)[number];

/** What the ledger shows as a message's failure: any of the above, or an event of it that was dead-lettered. */
export type MessageFailureCode = RejectionCode | FailureCode | 'dead_lettered';
export const messageFailureCodes: readonly MessageFailureCode[] = [...new Set<MessageFailureCode>([...rejectionCodes, ...failureCodes, 'dead_lettered'])];

/** What `POST /messages/validate` may answer besides a rejection: the template service does not know the channel yet. */
export const previewRefusalCodes = [...rejectionCodes, 'channel_not_ready'] as const;
export type PreviewRefusalCode = (typeof previewRefusalCodes)[number];

/** Something worth knowing about a message that is sent all the same. */
export const warningCodes = ['assignee_not_member'] as const;
export type WarningCode = (typeof warningCodes)[number];
