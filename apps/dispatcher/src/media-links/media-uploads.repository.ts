import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FailureReason } from '@herald/contracts';
import { queryRows } from '@herald/persistence';
import { DataSource } from 'typeorm';

/** What a send finds of its link on its channel. */
export type MediaUploadLookup =
  /** Uploaded, and WhatsApp still keeps it: send by this id. */
  | { state: 'ready'; mediaId: string; expiresAt: Date }
  /** This caller holds the upload, until its lease ends: fetch, upload, then `complete` or `release`/`fail`. */
  | { state: 'claimed'; claimToken: string; previousFailures: number }
  /** Another caller is uploading it (`uploading`), or a transient failure is waiting out its backoff: look again later. */
  | { state: 'waiting'; uploading: boolean; retryInMs: number }
  /** The link could not be uploaded a moment ago: sends fail with this, until the row may be tried again. */
  | { state: 'failed'; failure: FailureReason; retryInMs: number };

interface UploadRow {
  media_id: string | null;
  expires_at: Date | null;
  claim_token: string | null;
  failure: FailureReason | null;
  wait_ms: string | null;
  upload_failures: number;
  valid: boolean | null;
}

/**
 * `media_uploads`: per channel and link, the media id WhatsApp gave the link's file, shared by every replica. Each
 * statement decides on the database's clock. Exactly one caller at a time holds a link's upload (a lease: one that
 * died mid-upload lets the next caller take it once `claimed_until` passes).
 */
@Injectable()
export class MediaUploadsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The link's media id if it has one still valid; otherwise the upload, for `leaseMs`, if nobody holds it. Read
   * first, as nearly every send finds an id; the claim is one statement, whose insert or update takes the row's
   * lock, so of two callers exactly one claims.
   */
  async acquire(channelUuid: string, link: string, leaseMs: number): Promise<MediaUploadLookup> {
    const known = await this.find(channelUuid, link);
    if (known?.state === 'ready' || known?.state === 'failed') return known;
    const token = randomUUID();
    const claimed = await queryRows<{ upload_failures: number }>(
      this.dataSource,
      `INSERT INTO media_uploads AS m (channel_uuid, link_sha256, link, claim_token, claimed_until)
       VALUES ($1, $2, $3, $4, now() + $5 * interval '1 millisecond')
       ON CONFLICT (channel_uuid, link_sha256) DO UPDATE
         SET claim_token = excluded.claim_token, claimed_until = excluded.claimed_until, failure = NULL
         WHERE (m.media_id IS NULL OR m.expires_at <= now()) AND (m.claimed_until IS NULL OR m.claimed_until <= now())
       RETURNING m.upload_failures`,
      [channelUuid, linkKey(link), link, token, leaseMs],
    );
    if (claimed.length > 0) return { state: 'claimed', claimToken: token, previousFailures: claimed[0].upload_failures };
    // Someone else claimed it meanwhile, or finished, or failed it.
    return (await this.find(channelUuid, link)) ?? { state: 'waiting', uploading: true, retryInMs: 0 };
  }

  /** What the row says now, without claiming anything; undefined when there is no row, or it may be claimed. */
  private async find(channelUuid: string, link: string): Promise<Exclude<MediaUploadLookup, { state: 'claimed' }> | undefined> {
    const [row] = await queryRows<UploadRow>(
      this.dataSource,
      `SELECT media_id, expires_at, claim_token, failure, upload_failures,
              expires_at > now() AS valid,
              greatest(0, ceil(extract(epoch FROM (claimed_until - now())) * 1000)) AS wait_ms
       FROM media_uploads WHERE channel_uuid = $1 AND link_sha256 = $2`,
      [channelUuid, linkKey(link)],
    );
    if (!row) return undefined;
    if (row.media_id && row.expires_at && row.valid) return { state: 'ready', mediaId: row.media_id, expiresAt: row.expires_at };
    const retryInMs = Number(row.wait_ms ?? 0);
    if (retryInMs <= 0) return undefined;
    if (row.failure && row.claim_token === null) return { state: 'failed', failure: row.failure, retryInMs };
    return { state: 'waiting', uploading: row.claim_token !== null, retryInMs };
  }

  /** The upload is done: its id serves every send of the link on the channel for `ttlMs`. Only the claim's holder records it. */
  async complete(channelUuid: string, link: string, claimToken: string, media: { mediaId: string; mimeType: string }, ttlMs: number): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource,
      `UPDATE media_uploads
       SET media_id = $4, mime_type = $5, uploaded_at = now(), expires_at = now() + $6 * interval '1 millisecond',
           claim_token = NULL, claimed_until = NULL, failure = NULL, upload_failures = 0
       WHERE channel_uuid = $1 AND link_sha256 = $2 AND claim_token = $3
       RETURNING 1`,
      [channelUuid, linkKey(link), claimToken, media.mediaId, media.mimeType, ttlMs],
    );
    return rows.length > 0;
  }

  /**
   * The upload failed for a while: nobody claims the link again for `retryInMs`. With a `failure`, sends fail with
   * it meanwhile (the link is broken, or WhatsApp refused the file); without one, they wait (WhatsApp was away).
   * Transient failures are counted until an upload succeeds or one fails for good. Only the claim's holder releases.
   */
  async release(channelUuid: string, link: string, claimToken: string, retryInMs: number, failure?: FailureReason): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource,
      `UPDATE media_uploads
       SET claim_token = NULL, claimed_until = now() + $4 * interval '1 millisecond', failure = $5::jsonb,
           upload_failures = CASE WHEN $5::jsonb IS NULL THEN upload_failures + 1 ELSE 0 END
       WHERE channel_uuid = $1 AND link_sha256 = $2 AND claim_token = $3
       RETURNING 1`,
      [channelUuid, linkKey(link), claimToken, retryInMs, failure ? JSON.stringify(failure) : null],
    );
    return rows.length > 0;
  }

  /** Forgets lapsed ids, and rows with neither an id nor an upload under way. */
  async sweep(limit = 10_000): Promise<number> {
    const rows = await queryRows(
      this.dataSource,
      `DELETE FROM media_uploads
       WHERE ctid = ANY (ARRAY(
         SELECT ctid FROM media_uploads
         WHERE (expires_at <= now() OR media_id IS NULL) AND (claimed_until IS NULL OR claimed_until <= now())
         LIMIT $1 FOR UPDATE SKIP LOCKED))
       RETURNING 1`,
      [limit],
    );
    return rows.length;
  }
}

/** The row's key: links may be longer than an index entry can hold. */
const linkKey = (link: string): Buffer => createHash('sha256').update(link).digest();
