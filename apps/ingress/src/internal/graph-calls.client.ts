import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Injectable, Logger } from '@nestjs/common';
import { ErrorCode, ErrorCodes, InternalMarkReadRequest, InternalUploadedMedia } from '@herald/contracts';
import { HeraldError } from '../http/herald-error';
import { InternalServicesClient, unavailable } from './internal-services.client';

/** A customer's media on its way from the dispatcher. */
export interface RelayedMedia {
  mimeType: string;
  size?: number;
  body: Readable;
}

/** The dispatcher's answers the client is told as they are: each is about the media or the message, not about Herald. */
const PASSED_ON: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCodes.MediaExpired,
  ErrorCodes.MediaTooLarge,
  ErrorCodes.ProviderUnavailable,
  ErrorCodes.MessageNotFound,
  ErrorCodes.ValidationFailed,
]);

/** Waiting for an upload's answer includes sending up to 100 MB and WhatsApp's own upload. */
const UPLOAD_TIMEOUT_MS = 120_000;
/** A media's first bytes wait for two Graph API calls (its URL, then the download), each bounded by the dispatcher. */
const MEDIA_TIMEOUT_MS = 60_000;

/**
 * The Graph API calls the ingress needs (a customer's media, an upload, a read receipt), made by the dispatcher with
 * the channel's token: the ingress holds no key that opens one. The ingress has already checked that the channel is
 * the team's; the dispatcher's error codes reach the client unchanged, and anything else is the dispatcher unavailable.
 */
@Injectable()
export class GraphCallsClient {
  private readonly logger = new Logger(GraphCallsClient.name);

  constructor(private readonly internal: InternalServicesClient) {}

  async media(channelUuid: string, mediaId: string): Promise<RelayedMedia> {
    const path = `/channels/${encodeURIComponent(channelUuid)}/media/${encodeURIComponent(mediaId)}`;
    const response = await this.internal.request('dispatcher', path, { timeoutMs: MEDIA_TIMEOUT_MS });
    if (!response.ok || !response.body) throw await this.failure(response, path);
    const length = Number(response.headers.get('content-length'));
    return {
      mimeType: response.headers.get('content-type') ?? 'application/octet-stream',
      ...(response.headers.has('content-length') && Number.isSafeInteger(length) && length >= 0 ? { size: length } : {}),
      body: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
    };
  }

  async upload(channelUuid: string, file: { mimeType: string; filename?: string; content: Buffer }): Promise<InternalUploadedMedia> {
    const query = new URLSearchParams({ type: file.mimeType, ...(file.filename ? { filename: file.filename } : {}) });
    const path = `/channels/${encodeURIComponent(channelUuid)}/media?${query.toString()}`;
    const response = await this.internal.request('dispatcher', path, { method: 'POST', body: file.content, timeoutMs: UPLOAD_TIMEOUT_MS });
    if (!response.ok) throw await this.failure(response, path, 'file');
    return (await response.json()) as InternalUploadedMedia;
  }

  async markRead(channelUuid: string, read: InternalMarkReadRequest): Promise<void> {
    const path = `/channels/${encodeURIComponent(channelUuid)}/read`;
    const response = await this.internal.request('dispatcher', path, { method: 'POST', body: read });
    if (!response.ok) throw await this.failure(response, path);
    await response.body?.cancel().catch(() => undefined);
  }

  /** The dispatcher's error, passed on when it is about the call; anything else is the dispatcher unavailable. */
  private async failure(response: Response, path: string, field?: string): Promise<HeraldError> {
    const text = await response.text().catch(() => '');
    let error: { code?: unknown; message?: unknown } | undefined;
    try {
      error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
    } catch {
      error = undefined;
    }
    const code = error?.code as ErrorCode | undefined;
    if (code !== undefined && PASSED_ON.has(code) && typeof error?.message === 'string') {
      return new HeraldError(code, error.message, code === ErrorCodes.ValidationFailed && field ? [{ field, problem: error.message }] : undefined);
    }
    // A channel the dispatcher has not replicated yet, a refused internal token, a crash: the operator's to look at.
    this.logger.error(`the dispatcher answered ${path.split('?')[0]} with HTTP ${response.status}${typeof code === 'string' ? ` (${code})` : ''}`);
    return unavailable('dispatcher');
  }
}
