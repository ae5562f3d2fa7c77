import type { GraphErrorResponse } from './graph-api.types';
import { type WhatsAppEndpoint, WhatsAppApiError } from './whatsapp-api.client';

/** A file to upload: its bytes, its MIME type (WhatsApp's `type`), and the name WhatsApp keeps with it. */
export interface MediaUpload {
  bytes: Buffer;
  mimeType: string;
  fileName?: string;
}

/**
 * Uploads a file through the channel's number (Graph API `POST /{phone-number-id}/media`, multipart with
 * `messaging_product`, `type` and `file`); returns the media id, which WhatsApp keeps for 30 days. Errors are
 * WhatsAppApiError, as a send's are; an upload with no answer may be repeated safely (at worst a second copy that
 * nothing uses), so none is ever marked `outcomeUnknown`.
 */
export async function uploadWhatsAppMedia(
  endpoint: WhatsAppEndpoint,
  media: MediaUpload,
  timeoutMs = 30_000,
  headers: Record<string, string> = {},
): Promise<{ id: string }> {
  const url = `${endpoint.apiUrl.replace(/\/$/, '')}/${endpoint.apiVersion}/${encodeURIComponent(endpoint.phoneNumberId)}/media`;
  const form = new FormData();
  form.set('messaging_product', 'whatsapp');
  form.set('type', media.mimeType);
  form.set('file', new Blob([media.bytes], { type: media.mimeType }), media.fileName ?? 'media');
  // fetch rather than undici's request: uploads are rare (one per link and channel a month), and fetch writes the
  // multipart body itself.
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${endpoint.accessToken}` },
      body: form,
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const { name, message } = (error ?? {}) as { name?: string; message?: string };
    throw new WhatsAppApiError(0, undefined, `WhatsApp API gave no answer to a media upload: ${name === 'TimeoutError' ? 'timed out' : (message ?? String(error))}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = (json as GraphErrorResponse | undefined)?.error;
    throw new WhatsAppApiError(
      response.status,
      error?.code,
      error?.message ?? `WhatsApp API answered a media upload with HTTP ${response.status}`,
      error?.error_subcode,
      error?.error_data?.details,
    );
  }
  const id = (json as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string' || id.length === 0) throw new WhatsAppApiError(response.status, undefined, 'WhatsApp API answered a media upload without an id');
  return { id };
}
