import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FailureReason } from '@herald/contracts';
import { migratedDatabase, type MigratedDatabase } from '@herald/testing';
import { dispatcherDatabase } from '../database/dispatcher.database';
import { MEDIA_ID_TTL_MS } from './media-links.service';
import { MediaUploadsRepository } from './media-uploads.repository';

/** What `media_uploads` promises, against the dispatcher's own schema in a PostgreSQL database of this file's own. */
let database: MigratedDatabase;
let uploads: MediaUploadsRepository;

const LEASE_MS = 60_000;
const link = (name: string = randomUUID()) => `https://cdn.example.com/campaign/${name}.jpg`;
const notFound: FailureReason = { code: 'media_unavailable', message: 'The image link cannot be sent: the link answered HTTP 404' };

beforeAll(async () => {
  database = await migratedDatabase(dispatcherDatabase);
}, 30_000);
afterAll(() => database?.drop());
beforeEach(async () => {
  await database.dataSource.query('TRUNCATE media_uploads');
  uploads = new MediaUploadsRepository(database.dataSource);
});

/** A replica of its own: each has its own repository over the shared database. */
const replica = () => new MediaUploadsRepository(database.dataSource);

async function claim(on: MediaUploadsRepository, channelUuid: string, url: string, leaseMs = LEASE_MS): Promise<string> {
  const found = await on.acquire(channelUuid, url, leaseMs);
  if (found.state !== 'claimed') throw new Error(`expected to claim the upload, found it ${found.state}`);
  return found.claimToken;
}

describe('MediaUploadsRepository', () => {
  it('lets exactly one of many concurrent senders upload a link; the others wait for it', async () => {
    const channelUuid = randomUUID();
    const url = link();
    const found = await Promise.all(Array.from({ length: 12 }, () => replica().acquire(channelUuid, url, LEASE_MS)));
    expect(found.filter((lookup) => lookup.state === 'claimed')).toHaveLength(1);
    expect(found.filter((lookup) => lookup.state === 'waiting')).toEqual(
      Array.from({ length: 11 }, () => expect.objectContaining({ state: 'waiting', uploading: true })),
    );
  });

  it('reuses the uploaded id for 29 days, per channel: the same link on another channel is uploaded again', async () => {
    const channelUuid = randomUUID();
    const url = link();
    const token = await claim(uploads, channelUuid, url);
    expect(await uploads.complete(channelUuid, url, token, { mediaId: 'media-1', mimeType: 'image/jpeg' }, MEDIA_ID_TTL_MS)).toBe(true);

    const found = await replica().acquire(channelUuid, url, LEASE_MS);
    expect(found).toEqual({ state: 'ready', mediaId: 'media-1', expiresAt: expect.any(Date) });
    const days = ((found as { expiresAt: Date }).expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(28.99);
    expect(days).toBeLessThanOrEqual(29);

    expect((await uploads.acquire(randomUUID(), url, LEASE_MS)).state).toBe('claimed');
  });

  it('lets another sender take an upload whose holder died, once its lease ends; the late holder records nothing', async () => {
    const channelUuid = randomUUID();
    const url = link();
    const lapsed = await claim(uploads, channelUuid, url, 300);
    expect(await replica().acquire(channelUuid, url, LEASE_MS)).toEqual(expect.objectContaining({ state: 'waiting', uploading: true }));
    await sleep(400);

    const other = replica();
    const token = await claim(other, channelUuid, url);
    expect(await uploads.complete(channelUuid, url, lapsed, { mediaId: 'late', mimeType: 'image/jpeg' }, MEDIA_ID_TTL_MS)).toBe(false);
    expect(await uploads.release(channelUuid, url, lapsed, 0, notFound)).toBe(false);
    expect(await other.complete(channelUuid, url, token, { mediaId: 'media-2', mimeType: 'image/jpeg' }, MEDIA_ID_TTL_MS)).toBe(true);
    expect(await uploads.acquire(channelUuid, url, LEASE_MS)).toEqual(expect.objectContaining({ state: 'ready', mediaId: 'media-2' }));
  });

  it('uploads an expired link again on its next use, and serves the new id', async () => {
    const channelUuid = randomUUID();
    const url = link();
    await uploads.complete(channelUuid, url, await claim(uploads, channelUuid, url), { mediaId: 'old', mimeType: 'image/png' }, MEDIA_ID_TTL_MS);
    await database.dataSource.query(`UPDATE media_uploads SET expires_at = now() - interval '1 second'`);

    const token = await claim(uploads, channelUuid, url);
    expect(await replica().acquire(channelUuid, url, LEASE_MS)).toEqual(expect.objectContaining({ state: 'waiting', uploading: true }));
    await uploads.complete(channelUuid, url, token, { mediaId: 'new', mimeType: 'image/png' }, MEDIA_ID_TTL_MS);
    expect(await replica().acquire(channelUuid, url, LEASE_MS)).toEqual(expect.objectContaining({ state: 'ready', mediaId: 'new' }));
  });

  it('fails sends of a broken link for a while only, then lets the next send try it again', async () => {
    const channelUuid = randomUUID();
    const url = link();
    expect(await uploads.release(channelUuid, url, await claim(uploads, channelUuid, url), 300, notFound)).toBe(true);
    expect(await replica().acquire(channelUuid, url, LEASE_MS)).toEqual({ state: 'failed', failure: notFound, retryInMs: expect.any(Number) });
    await sleep(400);
    expect(await replica().acquire(channelUuid, url, LEASE_MS)).toEqual(expect.objectContaining({ state: 'claimed', previousFailures: 0 }));
  });

  it('holds a link whose upload WhatsApp could not take for its backoff, and counts the failures until one succeeds', async () => {
    const channelUuid = randomUUID();
    const url = link();
    await uploads.release(channelUuid, url, await claim(uploads, channelUuid, url), 300);
    expect(await replica().acquire(channelUuid, url, LEASE_MS)).toEqual(expect.objectContaining({ state: 'waiting', uploading: false }));
    await sleep(400);
    const again = await uploads.acquire(channelUuid, url, LEASE_MS);
    expect(again).toEqual(expect.objectContaining({ state: 'claimed', previousFailures: 1 }));
    await uploads.complete(channelUuid, url, (again as { claimToken: string }).claimToken, { mediaId: 'media-3', mimeType: 'image/jpeg' }, MEDIA_ID_TTL_MS);
    const [row] = await database.dataSource.query(`SELECT upload_failures, failure FROM media_uploads`);
    expect(row).toEqual({ upload_failures: 0, failure: null });
  });

  it('sweeps expired ids and abandoned rows, never a valid id or an upload under way', async () => {
    const channelUuid = randomUUID();
    const [valid, expired, uploading, abandoned] = [link('valid'), link('expired'), link('uploading'), link('abandoned')];
    await uploads.complete(channelUuid, valid, await claim(uploads, channelUuid, valid), { mediaId: 'valid', mimeType: 'image/jpeg' }, MEDIA_ID_TTL_MS);
    await uploads.complete(channelUuid, expired, await claim(uploads, channelUuid, expired), { mediaId: 'expired', mimeType: 'image/jpeg' }, 1);
    await claim(uploads, channelUuid, uploading);
    await claim(uploads, channelUuid, abandoned, 1);
    await sleep(20);

    expect(await uploads.sweep()).toBe(2);
    const rows: Array<{ link: string }> = await database.dataSource.query(`SELECT link FROM media_uploads ORDER BY link`);
    expect(rows.map((row) => row.link).sort()).toEqual([uploading, valid].sort());
  });
});
