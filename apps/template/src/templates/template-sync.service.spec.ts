import { randomBytes } from 'node:crypto';
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
    service = new TemplateSyncService({ manager } as unknown as DataSource, { TEMPLATE_ON_DEMAND_SYNC_AFTER_MS: 30_000 } as TemplateConfig, secrets);
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
