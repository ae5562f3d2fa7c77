import { createHash, randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/** What the sandbox keeps of an uploaded file; its bytes stay in the store for a download endpoint to serve. */
export interface UploadedMedia {
  id: string;
  phoneNumberId: string;
  mimeType: string;
  fileName?: string;
  bytes: number;
  /** The base64 SHA-256 of the file, as Meta's media URL answer carries it. */
  sha256: string;
  uploadedAt: Date;
}

/**
 * The media ids the sandbox issued: one per upload to `POST /{version}/{phone-number-id}/media`, and any other id it
 * made up and remembered (an inbound message's media), so that a send by `id` can be checked as Meta checks it.
 */
@Injectable()
export class UploadedMediaStore {
  private readonly media = new Map<string, { record: UploadedMedia; content?: Buffer; uploaded: boolean }>();
  private uploads = 0;

  add(upload: { phoneNumberId: string; mimeType: string; fileName?: string; content: Buffer }): UploadedMedia {
    const record: UploadedMedia = {
      id: this.newId(),
      phoneNumberId: upload.phoneNumberId,
      mimeType: upload.mimeType,
      ...(upload.fileName ? { fileName: upload.fileName } : {}),
      bytes: upload.content.length,
      sha256: createHash('sha256').update(upload.content).digest('base64'),
      uploadedAt: new Date(),
    };
    this.media.set(record.id, { record, content: upload.content, uploaded: true });
    this.uploads += 1;
    return record;
  }

  /** An id the sandbox made up elsewhere (an inbound message's media), usable in sends; not counted as an upload. */
  remember(record: UploadedMedia, content?: Buffer): void {
    this.media.set(record.id, { record, uploaded: false, ...(content ? { content } : {}) });
  }

  has(id: string): boolean {
    return this.media.has(id);
  }

  find(id: string): { record: UploadedMedia; content?: Buffer } | undefined {
    const media = this.media.get(id);
    return media && { record: media.record, ...(media.content ? { content: media.content } : {}) };
  }

  /** Every upload, oldest first (not the ids remembered from elsewhere). */
  list(): UploadedMedia[] {
    return [...this.media.values()].filter((media) => media.uploaded).map(({ record }) => record);
  }

  /** How many files were uploaded since the last reset. */
  uploadCount(): number {
    return this.uploads;
  }

  /** Forgets every id; answers how many uploads there had been. */
  clear(): number {
    const uploads = this.uploads;
    this.media.clear();
    this.uploads = 0;
    return uploads;
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
