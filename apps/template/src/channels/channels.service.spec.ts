import type { ChannelConfiguredData } from '@herald/contracts';
import type { ChannelReplicaRepository } from '@herald/channel-replica';
import type { TemplateSyncService } from '../templates/template-sync.service';
import type { Channel } from './channel.entity';
import { ChannelsService } from './channels.service';

const known = '00000000-0000-4000-8000-00000000000a';
const unknown = '00000000-0000-4000-8000-00000000000c';
const waba = '100000000000001';

describe('ChannelsService: channels in memory', () => {
  const asked: string[][] = [];
  const synced: string[] = [];
  const replica = {
    columnsOf: async (uuids: string[], columns: string[]) => {
      asked.push(uuids);
      expect(columns).toEqual(['wabaId', 'language']);
      return new Map(uuids.filter((uuid) => uuid === known).map((uuid) => [uuid, { wabaId: waba, language: 'en_US' }]));
    },
  } as unknown as ChannelReplicaRepository<Channel>;
  const sync = {
    syncAccount: async ({ wabaId }: { wabaId: string }) => {
      synced.push(wabaId);
      return 0;
    },
  } as unknown as TemplateSyncService;
  const configured = (changes: Partial<ChannelConfiguredData>) =>
    ({ channelUuid: known, wabaId: waba, active: true, accessTokenSealed: 'v1.sealed', ...changes }) as ChannelConfiguredData;

  beforeEach(() => {
    asked.length = 0;
    synced.length = 0;
  });

  it('reads the channels it does not hold in one query, then answers from memory, and asks again for unknown ones', async () => {
    const channels = new ChannelsService(replica, sync);
    expect(await channels.findMany([known, unknown, known])).toEqual(new Map([[known, { wabaId: waba, language: 'en_US' }]]));
    expect(await channels.findMany([known, unknown])).toEqual(new Map([[known, { wabaId: waba, language: 'en_US' }]]));
    expect(asked).toEqual([[known, unknown], [unknown]]);
  });

  it('keeps what a channel.configured event says, at once (a new language), and syncs the account', async () => {
    const channels = new ChannelsService(replica, sync);
    await channels.findMany([known]);
    await channels.channelConfigured(configured({ language: 'es' }));
    expect(await channels.findMany([known])).toEqual(new Map([[known, { wabaId: waba, language: 'es' }]]));
    expect(asked).toEqual([[known]]);
    expect(synced).toEqual([waba]);
  });

  it('syncs no account for an inactive channel', async () => {
    const channels = new ChannelsService(replica, sync);
    await channels.channelConfigured(configured({ active: false }));
    expect(synced).toEqual([]);
  });
});
