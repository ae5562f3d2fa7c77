import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';

export interface StoredMedia {
  id: string;
  phoneNumberId: string;
  mimeType: string;
  /** Base64 of the SHA-256 of the bytes, as Meta writes it in webhooks and media answers. */
  sha256: string;
  bytes: Buffer;
}

/** The media kept at most: the oldest go first, as Meta lets a customer's media expire. */
export const SANDBOX_MEDIA_MAX_ITEMS = 1_000;
export const SANDBOX_MEDIA_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The bytes of the media simulated customers sent, under the media id their webhook named, for the Graph API's
 * media endpoints to serve. In memory, bounded: a sandbox restart forgets them, as the sandbox forgets its sends.
 */
@Injectable()
export class MediaStore {
  private readonly media = new Map<string, StoredMedia>();
  private bytesHeld = 0;

  put(phoneNumberId: string, mimeType: string, bytes: Buffer): StoredMedia {
    const stored: StoredMedia = {
      id: randomBytes(8).readBigUInt64BE().toString(),
      phoneNumberId,
      mimeType,
      sha256: createHash('sha256').update(bytes).digest('base64'),
      bytes,
    };
    this.media.set(stored.id, stored);
    this.bytesHeld += bytes.length;
    for (const [id, oldest] of this.media) {
      if (this.media.size <= SANDBOX_MEDIA_MAX_ITEMS && this.bytesHeld <= SANDBOX_MEDIA_MAX_BYTES) break;
      if (id === stored.id) break;
      this.media.delete(id);
      this.bytesHeld -= oldest.bytes.length;
    }
    return stored;
  }

  get(id: string): StoredMedia | undefined {
    return this.media.get(id);
  }
}
