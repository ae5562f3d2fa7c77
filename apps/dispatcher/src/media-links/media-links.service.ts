import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { FailureReason } from '@herald/contracts';
import { retryDelay } from '@herald/kafka';
import {
  classifyProviderError,
  type FetchedMedia,
  type GraphSendMessageRequest,
  MediaLinkError,
  MediaLinkFetcher,
  type SendMediaKind,
  uploadMedia,
  WhatsAppApiError,
  type WhatsAppEndpoint,
} from '@herald/whatsapp';
import { DispatcherConfig } from '../config/dispatcher.config';
import { mediaReferencesOf } from './media-references';
import { MediaUploadsRepository } from './media-uploads.repository';

/** WhatsApp keeps an upload 30 days: Herald uses its id for 29, so no send ever names an id about to lapse. */
export const MEDIA_ID_TTL_MS = 29 * 24 * 60 * 60 * 1_000;
/** How long a link that could not be uploaded fails its sends before the next send tries it again. */
export const MEDIA_FAILURE_HOLD_MS = 60_000;
/** How soon a send that found its link being uploaded looks again. */
const UPLOAD_POLL_MS = 250;
/** Links with an id known in this replica's memory, so that most sends of a campaign ask the database nothing. */
const REMEMBERED_LINKS = 10_000;

/** Reading a link and uploading its file: the network half, apart so the send path can be tested without it. */
@Injectable()
export class MediaTransfer implements BeforeApplicationShutdown {
  private readonly fetcher: MediaLinkFetcher;

  constructor(private readonly config: DispatcherConfig) {
    this.fetcher = new MediaLinkFetcher({ allowPrivate: config.MEDIA_FETCH_ALLOW_PRIVATE, timeoutMs: config.MEDIA_FETCH_TIMEOUT_MS });
  }

  /** Throws MediaLinkError when the link cannot give WhatsApp a file of the kind. */
  fetch(link: string, kind: SendMediaKind): Promise<FetchedMedia> {
    return this.fetcher.fetch(link, kind);
  }

  /** Throws WhatsAppApiError, as a send does. */
  upload(endpoint: WhatsAppEndpoint, media: FetchedMedia): Promise<{ id: string }> {
    const { phoneNumberId, ...graph } = endpoint;
    return uploadMedia(graph, { phoneNumberId, mimeType: media.mimeType, filename: media.fileName ?? 'media', content: media.bytes }, { timeoutMs: this.config.MEDIA_FETCH_TIMEOUT_MS });
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.fetcher.close();
  }
}

/** What a send does about the media links in its body. */
export type MediaLinksResolution =
  /** Send this body: every link swapped for its media id (or the body as it was, with no link or the setting off). */
  | { outcome: 'send'; request: GraphSendMessageRequest }
  /** A link is being uploaded: the send goes back to the queue for this long, without using up an attempt. */
  | { outcome: 'wait'; delayMs: number }
  /** A link could not be uploaded: the send fails with this. */
  | { outcome: 'fail'; failure: FailureReason };

/**
 * Sends media given by link by WhatsApp media id instead: each link is fetched and uploaded once per channel (one
 * replica claims it in `media_uploads`; the others' sends wait in the queue meanwhile) and its id reused for 29
 * days, so a campaign's image is uploaded once, not once per recipient. The upload runs beside the sends, never
 * inside one, so a slow download holds no send's lease.
 */
@Injectable()
export class MediaLinksService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(MediaLinksService.name);
  private readonly known = new Map<string, { mediaId: string; expiresAt: number }>();
  private readonly uploads = new Set<Promise<void>>();
  private lastSweep = 0;

  constructor(
    private readonly repository: MediaUploadsRepository,
    private readonly transfer: MediaTransfer,
    private readonly config: DispatcherConfig,
  ) {}

  async resolve(request: GraphSendMessageRequest, channelUuid: string, endpoint: WhatsAppEndpoint): Promise<MediaLinksResolution> {
    if (!this.config.MEDIA_UPLOAD_LINKS) return { outcome: 'send', request };
    if (!mediaReferencesOf(request).some(({ media }) => media.link !== undefined && media.id === undefined)) return { outcome: 'send', request };
    // A copy: the body built for this attempt is not the one a retry builds.
    const resolved = structuredClone(request);
    let delayMs = 0;
    for (const { kind, media } of mediaReferencesOf(resolved)) {
      const link = media.link;
      if (link === undefined || media.id !== undefined) continue;
      const found = await this.mediaIdOf(channelUuid, link, kind, endpoint);
      if (found.outcome === 'fail') return found;
      if (found.outcome === 'wait') {
        delayMs = Math.max(delayMs, found.delayMs);
        continue;
      }
      media.id = found.mediaId;
      delete media.link;
    }
    return delayMs > 0 ? { outcome: 'wait', delayMs } : { outcome: 'send', request: resolved };
  }

  /** Expired ids and abandoned rows leave `media_uploads`, at most every few minutes per replica. */
  async sweep(): Promise<void> {
    if (Date.now() - this.lastSweep < 300_000) return;
    this.lastSweep = Date.now();
    const swept = await this.repository.sweep();
    if (swept > 0) this.logger.log(`media uploads: ${swept} expired or abandoned links forgotten`);
  }

  /** Lets uploads under way finish and be recorded, so the next replica need not upload them again. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.uploads]);
  }

  private async mediaIdOf(
    channelUuid: string,
    link: string,
    kind: SendMediaKind,
    endpoint: WhatsAppEndpoint,
  ): Promise<{ outcome: 'id'; mediaId: string } | Exclude<MediaLinksResolution, { outcome: 'send' }>> {
    const key = `${channelUuid} ${link}`;
    const remembered = this.known.get(key);
    if (remembered && remembered.expiresAt > Date.now()) return { outcome: 'id', mediaId: remembered.mediaId };
    this.known.delete(key);
    const found = await this.repository.acquire(channelUuid, link, uploadLeaseMs(this.config));
    switch (found.state) {
      case 'ready':
        this.remember(key, found.mediaId, found.expiresAt.getTime());
        return { outcome: 'id', mediaId: found.mediaId };
      case 'failed':
        return { outcome: 'fail', failure: found.failure };
      case 'waiting':
        return { outcome: 'wait', delayMs: found.uploading ? jittered(UPLOAD_POLL_MS) : Math.max(jittered(UPLOAD_POLL_MS), found.retryInMs) };
      case 'claimed': {
        const upload = this.upload(channelUuid, link, kind, endpoint, found.claimToken, found.previousFailures)
          .catch((error: unknown) => this.logger.error(`media upload of channel ${channelUuid} failed unexpectedly: ${(error as Error).message}`))
          .finally(() => this.uploads.delete(upload));
        this.uploads.add(upload);
        return { outcome: 'wait', delayMs: jittered(UPLOAD_POLL_MS) };
      }
    }
  }

  private async upload(channelUuid: string, link: string, kind: SendMediaKind, endpoint: WhatsAppEndpoint, claimToken: string, previousFailures: number): Promise<void> {
    let file: FetchedMedia;
    try {
      file = await this.transfer.fetch(link, kind);
    } catch (error) {
      if (!(error instanceof MediaLinkError)) throw error;
      this.logger.warn(`media link of channel ${channelUuid} not uploaded: ${error.message}`);
      const failure: FailureReason = { code: 'media_unavailable', message: `The ${kind} link cannot be sent: ${error.message}` };
      await this.repository.release(channelUuid, link, claimToken, MEDIA_FAILURE_HOLD_MS, failure);
      return;
    }
    let mediaId: string;
    try {
      ({ id: mediaId } = await this.transfer.upload(endpoint, file));
    } catch (error) {
      if (!(error instanceof WhatsAppApiError)) throw error;
      await this.uploadFailed(channelUuid, link, claimToken, error, previousFailures + 1);
      return;
    }
    const recorded = await this.repository.complete(channelUuid, link, claimToken, { mediaId, mimeType: file.mimeType }, MEDIA_ID_TTL_MS);
    if (recorded) this.remember(`${channelUuid} ${link}`, mediaId, Date.now() + MEDIA_ID_TTL_MS);
  }

  /** WhatsApp refused the upload or was away: mapped as a send's error is, through the same table. */
  private async uploadFailed(channelUuid: string, link: string, claimToken: string, error: WhatsAppApiError, failures: number): Promise<void> {
    const handling = classifyProviderError(error);
    const providerCode = error.code !== undefined ? { providerCode: error.code } : {};
    if (!handling.retry) {
      this.logger.warn(`media upload of channel ${channelUuid} refused: ${error.message}`);
      await this.repository.release(channelUuid, link, claimToken, MEDIA_FAILURE_HOLD_MS, { code: handling.code, message: handling.message, ...providerCode });
      return;
    }
    if (failures >= this.config.DISPATCH_MAX_ATTEMPTS) {
      this.logger.warn(`media upload of channel ${channelUuid} failed ${failures} times: ${error.message}`);
      const failure: FailureReason = {
        code: 'provider_unavailable',
        message: `WhatsApp did not take the media upload after ${failures} attempts: ${error.message}`,
        ...providerCode,
      };
      await this.repository.release(channelUuid, link, claimToken, MEDIA_FAILURE_HOLD_MS, failure);
      return;
    }
    // An upload that got no answer is simply tried again: a second copy at WhatsApp costs nothing.
    const delay = retryDelay(failures, this.config.DISPATCH_RETRY_BASE_MS, this.config.DISPATCH_RETRY_MAX_MS);
    this.logger.warn(`media upload of channel ${channelUuid}: ${handling.kind} (${error.message}); retrying in ${delay} ms`);
    await this.repository.release(channelUuid, link, claimToken, delay);
  }

  private remember(key: string, mediaId: string, expiresAt: number): void {
    if (this.known.size >= REMEMBERED_LINKS) this.known.delete(this.known.keys().next().value as string);
    this.known.set(key, { mediaId, expiresAt });
  }
}

/** How long one replica holds a link's upload: the download and the upload, each at most their timeout, and a margin. */
export const uploadLeaseMs = (config: DispatcherConfig): number => 2 * config.MEDIA_FETCH_TIMEOUT_MS + 10_000;

const jittered = (ms: number): number => ms + Math.round(Math.random() * ms * 0.4);
