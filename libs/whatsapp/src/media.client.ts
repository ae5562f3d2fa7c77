import { pipeline, Transform, type Readable } from 'node:stream';
import { Blob } from 'node:buffer';
import { Dispatcher, FormData, request } from 'undici';
import type { GraphErrorResponse, GraphMediaUploadResponse, GraphMediaUrlResponse } from './graph-api.types';
import { WhatsAppApiError } from './whatsapp-api.client';

/** The largest media WhatsApp carries (a document): nothing larger is ever read. */
export const WHATSAPP_MEDIA_MAX_BYTES = 100 * 1024 * 1024;

/**
 * Where Meta serves media bytes, besides the Graph API host itself: the URL an answer gives is on Meta's CDN
 * (`lookaside.fbsbx.com`). The channel's token is sent nowhere else, whatever an answer says.
 */
const META_MEDIA_HOSTS = [/(^|\.)fbsbx\.com$/, /(^|\.)facebook\.com$/, /(^|\.)whatsapp\.net$/];

export interface MediaEndpoint {
  /** `https://graph.facebook.com` or the sandbox's address. */
  apiUrl: string;
  apiVersion: string;
  accessToken: string;
}

/** A media's bytes on their way, and what is known of them before they arrive. */
export interface MediaDownload {
  mimeType: string;
  /** From the download's Content-Length, or Meta's `file_size`; undefined when neither says. */
  size?: number;
  /** Fails with MediaTooLargeError past the limit, whatever the sizes announced. */
  body: Readable;
}

export class MediaTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the media is larger than ${maxBytes} bytes`);
    this.name = 'MediaTooLargeError';
  }
}

/**
 * A customer's media through the Graph API: `GET /{version}/{media-id}` (Meta's retrieveMediaUrl, checked against
 * the channel's number), then the URL it gives, with the same token. Errors are WhatsAppApiError (httpStatus 0 for no
 * answer) or MediaTooLargeError.
 */
export async function downloadMedia(
  endpoint: MediaEndpoint,
  media: { id: string; phoneNumberId: string },
  options: { timeoutMs: number; maxBytes?: number },
): Promise<MediaDownload> {
  const maxBytes = options.maxBytes ?? WHATSAPP_MEDIA_MAX_BYTES;
  const apiOrigin = new URL(endpoint.apiUrl).origin;
  const lookup = `${endpoint.apiUrl.replace(/\/$/, '')}/${endpoint.apiVersion}/${encodeURIComponent(media.id)}?phone_number_id=${encodeURIComponent(media.phoneNumberId)}`;
  const found = await call(lookup, endpoint.accessToken, options.timeoutMs);
  const answer = (await found.body.json().catch(() => undefined)) as Partial<GraphMediaUrlResponse> | undefined;
  if (typeof answer?.url !== 'string' || typeof answer.mime_type !== 'string') {
    throw new WhatsAppApiError(found.statusCode, undefined, 'WhatsApp API answered a media lookup without its url and mime_type');
  }
  let target: URL;
  try {
    target = new URL(answer.url);
  } catch {
    throw new WhatsAppApiError(found.statusCode, undefined, 'WhatsApp API answered a media lookup with a url that is not one');
  }
  const metaHost = target.protocol === 'https:' && META_MEDIA_HOSTS.some((host) => host.test(target.hostname));
  if (target.origin !== apiOrigin && !metaHost) {
    throw new WhatsAppApiError(found.statusCode, undefined, `WhatsApp's media URL is at ${target.origin}, not at Meta's: not followed with the channel's token`);
  }
  const announced = Number(answer.file_size);
  if (Number.isFinite(announced) && announced > maxBytes) throw new MediaTooLargeError(maxBytes);

  const download = await call(target.toString(), endpoint.accessToken, options.timeoutMs);
  const length = Number(download.headers['content-length']);
  const size = Number.isSafeInteger(length) && length >= 0 ? length : Number.isSafeInteger(announced) && announced >= 0 ? announced : undefined;
  if (size !== undefined && size > maxBytes) {
    download.body.destroy();
    throw new MediaTooLargeError(maxBytes);
  }
  const contentType = download.headers['content-type'];
  return {
    mimeType: typeof contentType === 'string' && contentType.length > 0 ? contentType : answer.mime_type,
    size,
    // pipeline, not pipe: a transfer that fails half-way fails what the caller reads, rather than ending it short.
    body: pipeline(download.body, limitTo(maxBytes), () => undefined),
  };
}

/** A file to upload, and what WhatsApp is told of it. */
export interface MediaUpload {
  phoneNumberId: string;
  mimeType: string;
  /** The name the file part carries; WhatsApp shows a document's. */
  filename: string;
  content: Buffer;
}

/**
 * Uploads a file through the channel's number (Meta's uploadMedia: `POST /{version}/{phone-number-id}/media`, a
 * multipart body of `messaging_product`, `type` and `file`) and answers the media id a send may use. Errors are
 * WhatsAppApiError (httpStatus 0 for no answer).
 */
export async function uploadMedia(endpoint: MediaEndpoint, upload: MediaUpload, options: { timeoutMs: number }): Promise<{ id: string }> {
  const url = `${endpoint.apiUrl.replace(/\/$/, '')}/${endpoint.apiVersion}/${encodeURIComponent(upload.phoneNumberId)}/media`;
  const form = new FormData();
  form.append('messaging_product', 'whatsapp');
  form.append('type', upload.mimeType);
  form.append('file', new Blob([upload.content], { type: upload.mimeType }), upload.filename);
  const response = await call(url, endpoint.accessToken, options.timeoutMs, { method: 'POST', body: form });
  const answer = (await response.body.json().catch(() => undefined)) as Partial<GraphMediaUploadResponse> | undefined;
  if (typeof answer?.id !== 'string' || answer.id.length === 0) {
    throw new WhatsAppApiError(response.statusCode, undefined, 'WhatsApp API answered an upload without a media id');
  }
  return { id: answer.id };
}

/**
 * A call with the bearer token and no redirects; a non-2xx answer is thrown as Meta's error, its body read. The
 * timeout bounds the wait for the answer's headers and each pause in its body.
 */
async function call(url: string, accessToken: string, timeoutMs: number, send: { method: 'GET' | 'POST'; body?: FormData } = { method: 'GET' }): Promise<Dispatcher.ResponseData> {
  let response: Dispatcher.ResponseData;
  try {
    response = await request(url, {
      method: send.method,
      headers: { authorization: `Bearer ${accessToken}` },
      ...(send.body ? { body: send.body } : {}),
      headersTimeout: timeoutMs,
      // Between two chunks of the body: a transfer that stalls is given up, however large the file.
      bodyTimeout: timeoutMs,
      maxRedirections: 0,
    });
  } catch (error) {
    throw new WhatsAppApiError(0, undefined, `WhatsApp API gave no answer: ${(error as Error).message}`);
  }
  if (response.statusCode >= 200 && response.statusCode <= 299) return response;
  const text = await response.body.text().catch(() => '');
  let error: GraphErrorResponse['error'] | undefined;
  try {
    error = (JSON.parse(text) as GraphErrorResponse).error;
  } catch {
    error = undefined;
  }
  throw new WhatsAppApiError(
    response.statusCode,
    error?.code,
    error?.message ?? `WhatsApp API answered HTTP ${response.statusCode}`,
    error?.error_subcode,
    error?.error_data?.details,
  );
}

/** Passes bytes through until there are more than `maxBytes`, then fails. */
function limitTo(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > maxBytes ? new MediaTooLargeError(maxBytes) : null, seen > maxBytes ? undefined : chunk);
    },
  });
}
