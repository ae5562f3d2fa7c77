import { createHash, randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/** A media the sandbox holds: a customer's (inbound) or a business's upload, with its bytes. */
export interface StoredMedia {
  id: string;
  /** The business number it belongs to: only that number's calls may retrieve it. */
  phoneNumberId: string;
  mimeType: string;
  /** The upload's file name, when the form gave one. */
  fileName?: string;
  /** Base64 of the SHA-256 of the bytes, as Meta writes it in webhooks and media answers. */
  sha256: string;
  bytes: Buffer;
  /** Uploaded through `POST /{phone-number-id}/media`, rather than sent by a simulated customer. */
  uploaded: boolean;
  at: Date;
}

/** What `/_sandbox/media-uploads` lists of an upload: everything but its bytes. */
export interface UploadedMedia {
  id: string;
  phoneNumberId: string;
  mimeType: string;
  fileName?: string;
  bytes: number;
  sha256: string;
  uploadedAt: Date;
}

/** The media kept at most: the oldest go first, as Meta lets media expire. */
export const SANDBOX_MEDIA_MAX_ITEMS = 1_000;
export const SANDBOX_MEDIA_MAX_BYTES = 256 * 1024 * 1024;

/**
 * Every media id the sandbox issued, as Meta's one media store: the media simulated customers sent (named by their
 * webhooks) and the files uploaded to `POST /{version}/{phone-number-id}/media`. Either kind can be retrieved
 * (`GET /{version}/{media-id}` and its download URL) by the number it belongs to, and named by `id` in a send.
 * In memory, bounded: a sandbox restart forgets them, as the sandbox forgets its sends.
 */
@Injectable()
export class MediaStore {
  private readonly media = new Map<string, StoredMedia>();
  private bytesHeld = 0;
  private uploads = 0;

  /** A customer's media, under a new id for their webhook to name. */
  put(phoneNumberId: string, mimeType: string, bytes: Buffer): StoredMedia {
    return this.keep({ phoneNumberId, mimeType, bytes, uploaded: false });
  }

  /** A business's upload: counted, and listed by `/_sandbox/media-uploads`. */
  upload(upload: { phoneNumberId: string; mimeType: string; fileName?: string; content: Buffer }): StoredMedia {
    this.uploads += 1;
    return this.keep({ phoneNumberId: upload.phoneNumberId, mimeType: upload.mimeType, bytes: upload.content, uploaded: true, ...(upload.fileName ? { fileName: upload.fileName } : {}) });
  }

  get(id: string): StoredMedia | undefined {
    return this.media.get(id);
  }

  has(id: string): boolean {
    return this.media.has(id);
  }

  /** Every upload still held, oldest first (not the customers' media). */
  listUploads(): UploadedMedia[] {
    return [...this.media.values()]
      .filter((media) => media.uploaded)
      .map((media) => ({
        id: media.id,
        phoneNumberId: media.phoneNumberId,
        mimeType: media.mimeType,
        ...(media.fileName ? { fileName: media.fileName } : {}),
        bytes: media.bytes.length,
        sha256: media.sha256,
        uploadedAt: media.at,
      }));
  }

  /** How many files were uploaded since the last reset. */
  uploadCount(): number {
    return this.uploads;
  }

  /** Forgets every upload (the customers' media stay, for their conversations); answers how many there had been. */
  clearUploads(): number {
    const uploads = this.uploads;
    for (const [id, media] of this.media) {
      if (!media.uploaded) continue;
      this.media.delete(id);
      this.bytesHeld -= media.bytes.length;
    }
    this.uploads = 0;
    return uploads;
  }

  private keep(media: Omit<StoredMedia, 'id' | 'sha256' | 'at'>): StoredMedia {
    const stored: StoredMedia = { ...media, id: this.newId(), sha256: createHash('sha256').update(media.bytes).digest('base64'), at: new Date() };
    this.media.set(stored.id, stored);
    this.bytesHeld += stored.bytes.length;
    for (const [id, oldest] of this.media) {
      if (this.media.size <= SANDBOX_MEDIA_MAX_ITEMS && this.bytesHeld <= SANDBOX_MEDIA_MAX_BYTES) break;
      if (id === stored.id) break;
      this.media.delete(id);
      this.bytesHeld -= oldest.bytes.length;
    }
    return stored;
  }

  /** A numeric id of 16 digits, as Meta's media ids are. */
  private newId(): string {
    let id: string;
    do {
      id = `${randomInt(1, 10)}${String(randomInt(0, 2 ** 47)).padStart(15, '0').slice(-15)}`;
    } while (this.media.has(id));
    return id;
  }
}
