import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { checkContract, eventCatalogue, TemplateStatusData, Topic, Topics, templateUuidFor } from '@herald/contracts';
import type { EventPublisher, OutgoingEvent } from '@herald/kafka';
import { GraphMessageTemplate, listMessageTemplates, SecretBox } from '@herald/whatsapp';
import type { TemplateConfig } from '../config/template.config';
import type { AccountsRepository, SyncAccount } from './accounts.repository';
import type { Template } from './template.entity';
import { TemplateSyncService } from './template-sync.service';
import type { TemplatesRepository } from './templates.repository';

jest.mock('@herald/whatsapp', () => ({ ...jest.requireActual('@herald/whatsapp'), listMessageTemplates: jest.fn() }));
const listing = listMessageTemplates as jest.MockedFunction<typeof listMessageTemplates>;

const teamA = '00000000-0000-4000-8000-0000000000a1';
const teamB = '00000000-0000-4000-8000-0000000000b1';

/** The accounts with an active channel (each used by teams A and B), and the templates stored, in memory. */
function fakeStore(accounts: SyncAccount[]) {
  const stored = new Map<string, Template>();
  const accountsRepository: Pick<AccountsRepository, 'active' | 'activeOne' | 'teamsOf'> = {
    active: async () => accounts,
    activeOne: async (wabaId) => accounts.find((account) => account.wabaId === wabaId) ?? null,
    teamsOf: async () => [teamA, teamB],
  };
  const templatesRepository: Pick<TemplatesRepository, 'store' | 'statusesOf'> = {
    store: async (templates) => templates.forEach((template) => stored.set(template.uuid, template)),
    statusesOf: async (wabaId) =>
      new Map([...stored.values()].filter((template) => template.wabaId === wabaId).map((template) => [template.uuid, template.status])),
  };
  return { stored, accounts: accountsRepository as AccountsRepository, templates: templatesRepository as TemplatesRepository };
}

/** A publisher that keeps what it is given. */
function fakePublisher() {
  const published: Array<OutgoingEvent<Topic>> = [];
  const publish = jest.fn(async (event: OutgoingEvent<Topic>) => void published.push(event));
  return { published, publish, publisher: { publish } as unknown as EventPublisher };
}

const graphTemplate = (name: string, language: string, status: GraphMessageTemplate['status'] = 'APPROVED'): GraphMessageTemplate => ({
  id: `${name}-${language}`,
  name,
  language,
  status,
  category: 'UTILITY',
  components: [{ type: 'BODY', text: `${name} {{1}}` }],
});

describe('TemplateSyncService.syncUnlessRecent', () => {
  const waba = '100000000000001';
  let now: number;
  let service: TemplateSyncService;

  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    listing.mockReset().mockResolvedValue([]);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const secrets = new SecretBox(randomBytes(32));
    const store = fakeStore([{ wabaId: waba, accessTokenSealed: secrets.seal('token') }]);
    service = new TemplateSyncService(
      store.accounts,
      store.templates,
      { TEMPLATE_ON_DEMAND_SYNC_AFTER_MS: 30_000 } as TemplateConfig,
      secrets,
      new SchedulerRegistry(),
      fakePublisher().publisher,
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

  it('does not call WhatsApp for an account without an active channel', async () => {
    await expect(service.syncUnlessRecent('100000000000999')).resolves.toBe(false);
    expect(listing).not.toHaveBeenCalled();
  });
});

describe('TemplateSyncService.syncAccount and syncAll', () => {
  const secrets = new SecretBox(randomBytes(32));
  const config = { WHATSAPP_API_URL: 'http://graph.test', WHATSAPP_API_VERSION: 'v21.0', WHATSAPP_REQUEST_TIMEOUT_MS: 1_000 } as TemplateConfig;
  const first = { wabaId: '100000000000001', accessTokenSealed: secrets.seal('first-token') };
  const second = { wabaId: '100000000000002', accessTokenSealed: secrets.seal('second-token') };
  let store: ReturnType<typeof fakeStore>;
  let events: ReturnType<typeof fakePublisher>;
  let service: TemplateSyncService;
  let warnings: string[];

  beforeEach(() => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: string) => void warnings.push(message));
    listing.mockReset();
    store = fakeStore([first, second]);
    events = fakePublisher();
    service = new TemplateSyncService(store.accounts, store.templates, config, secrets, new SchedulerRegistry(), events.publisher);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it("stores each template WhatsApp lists under the uuid of its account, name and language, with the account's own token", async () => {
    listing.mockResolvedValueOnce([graphTemplate('welcome', 'en_US'), graphTemplate('welcome', 'nl', 'PAUSED')]);
    await expect(service.syncAccount(first)).resolves.toBe(2);
    expect(listing).toHaveBeenCalledWith({ apiUrl: 'http://graph.test', apiVersion: 'v21.0', accessToken: 'first-token' }, first.wabaId, 1_000);
    expect(store.stored.get(templateUuidFor(first.wabaId, 'welcome', 'nl'))).toEqual({
      uuid: templateUuidFor(first.wabaId, 'welcome', 'nl'),
      wabaId: first.wabaId,
      providerId: 'welcome-nl',
      name: 'welcome',
      language: 'nl',
      category: 'UTILITY',
      status: 'PAUSED',
      parameterFormat: 'POSITIONAL',
      components: [{ type: 'BODY', text: 'welcome {{1}}' }],
      syncedAt: expect.any(Date),
    });
    expect(store.stored.size).toBe(2);
  });

  it('stores every component and whether the placeholders are named, so a send can be matched to all of them', async () => {
    const components: GraphMessageTemplate['components'] = [
      { type: 'HEADER', format: 'TEXT', text: 'For {{customer_name}}', example: { header_text_named_params: [{ param_name: 'customer_name', example: 'Jo' }] } },
      { type: 'BODY', text: 'Hi {{first_name}}' },
      { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://shop.example.com/t/{{1}}' }, { type: 'COPY_CODE', text: 'Copy', example: ['WELCOME15'] }] },
      { type: 'CAROUSEL', cards: [{ components: [{ type: 'HEADER', format: 'IMAGE' }, { type: 'BODY', text: '{{1}}' }] }] },
    ];
    listing.mockResolvedValueOnce([{ ...graphTemplate('named', 'en_US'), parameter_format: 'NAMED', components }]);
    await service.syncAccount(first);
    expect(store.stored.get(templateUuidFor(first.wabaId, 'named', 'en_US'))).toMatchObject({ parameterFormat: 'NAMED', components });
  });

  const statusEvents = () =>
    events.published.map(({ topic, key, event }) => {
      expect(topic).toBe(Topics.TemplateStatus);
      expect(checkContract(eventCatalogue[Topics.TemplateStatus].event, JSON.parse(JSON.stringify(event))).ok).toBe(true);
      const data = event.data as TemplateStatusData;
      expect(key).toBe(data.templateUuid);
      return data;
    });

  it('publishes template.status for each template whose status a sync finds changed, or new, with the teams of its account', async () => {
    listing.mockResolvedValueOnce([graphTemplate('welcome', 'en_US'), graphTemplate('welcome', 'nl', 'PENDING')]);
    await service.syncAccount(first);
    expect(statusEvents()).toEqual([
      expect.objectContaining({ name: 'welcome', language: 'en_US', status: 'APPROVED', previousStatus: null }),
      expect.objectContaining({ name: 'welcome', language: 'nl', status: 'PENDING', previousStatus: null }),
    ]);
    events.published.length = 0;

    listing.mockResolvedValueOnce([graphTemplate('welcome', 'en_US', 'PAUSED'), graphTemplate('welcome', 'nl', 'PENDING')]);
    await service.syncAccount(first);
    expect(statusEvents()).toEqual([
      {
        templateUuid: templateUuidFor(first.wabaId, 'welcome', 'en_US'),
        wabaId: first.wabaId,
        teamUuids: [teamA, teamB],
        name: 'welcome',
        language: 'en_US',
        status: 'PAUSED',
        previousStatus: 'APPROVED',
        at: store.stored.get(templateUuidFor(first.wabaId, 'welcome', 'en_US'))!.syncedAt.toISOString(),
      },
    ]);
    events.published.length = 0;

    listing.mockResolvedValueOnce([graphTemplate('welcome', 'en_US', 'PAUSED'), graphTemplate('welcome', 'nl', 'PENDING')]);
    await service.syncAccount(first);
    expect(events.published).toEqual([]);
  });

  it('compares with the templates of the account synced only: the same template in another account is its own', async () => {
    listing.mockResolvedValueOnce([graphTemplate('welcome', 'en_US')]).mockResolvedValueOnce([graphTemplate('welcome', 'en_US')]);
    await service.syncAccount(first);
    await service.syncAccount(second);
    expect(statusEvents().map((data) => [data.wabaId, data.previousStatus])).toEqual([
      [first.wabaId, null],
      [second.wabaId, null],
    ]);
  });

  it('stores nothing when a change cannot be published, so the next sync publishes it', async () => {
    listing.mockResolvedValue([graphTemplate('welcome', 'en_US', 'DISABLED')]);
    events.publish.mockRejectedValueOnce(Object.assign(new Error('the broker is away'), { name: 'KafkaJSConnectionError' }));
    await expect(service.syncAccount(first)).rejects.toThrow('the broker is away');
    expect(store.stored.size).toBe(0);
    await service.syncAccount(first);
    expect(statusEvents()).toEqual([expect.objectContaining({ status: 'DISABLED', previousStatus: null })]);
    expect(store.stored.size).toBe(1);
  });

  it('syncs every account, and one failing does not stop the others', async () => {
    listing.mockRejectedValueOnce(new Error('HTTP 401')).mockResolvedValueOnce([graphTemplate('receipt', 'en_US')]);
    await expect(service.syncAll()).resolves.toBe(1);
    expect([...store.stored.values()].map((template) => template.wabaId)).toEqual([second.wabaId]);
    expect(warnings).toEqual([`templates of account ${first.wabaId} not synced: HTTP 401`]);
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
    const store = fakeStore([]);
    service = new TemplateSyncService(store.accounts, store.templates, config, new SecretBox(randomBytes(32)), scheduler, fakePublisher().publisher);
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
