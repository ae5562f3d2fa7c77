import { randomBytes } from 'node:crypto';
import { SchedulerRegistry } from '@nestjs/schedule';
import { listMessageTemplates, SecretBox } from '@herald/whatsapp';
import type { DataSource } from 'typeorm';
import type { TemplateConfig } from '../config/template.config';
import { TemplateSyncService } from './template-sync.service';

jest.mock('@herald/whatsapp', () => ({ ...jest.requireActual('@herald/whatsapp'), listMessageTemplates: jest.fn() }));
const listing = listMessageTemplates as jest.MockedFunction<typeof listMessageTemplates>;

describe('TemplateSyncService.syncUnlessRecent', () => {
  const waba = '100000000000001';
  let now: number;
  let service: TemplateSyncService;

  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    listing.mockReset().mockResolvedValue([]);
    const secrets = new SecretBox(randomBytes(32));
    const manager = { findOneBy: async () => ({ wabaId: waba, accessTokenSealed: secrets.seal('token') }), upsert: async () => undefined };
    service = new TemplateSyncService(
      { manager } as unknown as DataSource,
      { TEMPLATE_ON_DEMAND_SYNC_AFTER_MS: 30_000 } as TemplateConfig,
      secrets,
      new SchedulerRegistry(),
    );
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('lists the account once for concurrent asks, and not again for 30 s after a sync', async () => {
    await expect(Promise.all([service.syncUnlessRecent(waba), service.syncUnlessRecent(waba)])).resolves.toEqual([true, true]);
    expect(listing).toHaveBeenCalledTimes(1);
    now += 29_999;
    await expect(service.syncUnlessRecent(waba)).resolves.toBe(false);
    now += 1;
    await expect(service.syncUnlessRecent(waba)).resolves.toBe(true);
    expect(listing).toHaveBeenCalledTimes(2);
  });

  it('throws while WhatsApp cannot be reached and tries again at the next ask; another failure waits 30 s', async () => {
    listing.mockRejectedValueOnce(Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));
    await expect(service.syncUnlessRecent(waba)).rejects.toThrow('fetch failed');
    listing.mockRejectedValueOnce(new Error('HTTP 401'));
    await expect(service.syncUnlessRecent(waba)).resolves.toBe(false);
    await expect(service.syncUnlessRecent(waba)).resolves.toBe(false);
    expect(listing).toHaveBeenCalledTimes(2);
  });
});

describe('TemplateSyncService schedule', () => {
  let scheduler: SchedulerRegistry;
  let service: TemplateSyncService;
  let syncAll: jest.SpyInstance;
  let finish: () => void;

  beforeEach(() => {
    jest.useFakeTimers();
    scheduler = new SchedulerRegistry();
    const config = { TEMPLATE_SYNC_INTERVAL_MS: 900_000 } as TemplateConfig;
    service = new TemplateSyncService({} as DataSource, config, new SecretBox(randomBytes(32)), scheduler);
    // Each sync lasts until `finish` is called.
    syncAll = jest
      .spyOn(service, 'syncAll')
      .mockImplementation(() => new Promise((resolve) => (finish = () => resolve(0))));
  });

  afterEach(() => {
    service.beforeApplicationShutdown();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('syncs at start-up, then every TEMPLATE_SYNC_INTERVAL_MS under its name in the SchedulerRegistry', async () => {
    service.onApplicationBootstrap();
    expect(scheduler.getIntervals()).toStrictEqual(['template-sync']);
    expect(syncAll).toHaveBeenCalledTimes(1);
    finish();
    await jest.advanceTimersByTimeAsync(899_999);
    expect(syncAll).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(syncAll).toHaveBeenCalledTimes(2);
  });

  it('skips a tick while a sync is under way', async () => {
    service.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(2 * 900_000);
    expect(syncAll).toHaveBeenCalledTimes(1);
    finish();
    await jest.advanceTimersByTimeAsync(900_000);
    expect(syncAll).toHaveBeenCalledTimes(2);
  });

  it('leaves the registry at shutdown, and syncs no more', async () => {
    service.onApplicationBootstrap();
    finish();
    service.beforeApplicationShutdown();
    expect(scheduler.getIntervals()).toStrictEqual([]);
    await jest.advanceTimersByTimeAsync(10 * 900_000);
    expect(syncAll).toHaveBeenCalledTimes(1);
  });
});
