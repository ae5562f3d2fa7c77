import type { ChannelConfiguredData } from '@herald/contracts';
import type { ChannelReplicaRepository } from '@herald/channel-replica';
import type { Channel } from './channel.entity';
import { ChannelsService } from './channels.service';

const official = '00000000-0000-4000-8000-00000000000a';
const app = '00000000-0000-4000-8000-00000000000b';
const unknown = '00000000-0000-4000-8000-00000000000c';
const team = '00000000-0000-4000-8000-0000000000f1';
const officialFacts = { teamUuid: team, integration: 'whatsapp_business_api' };
const appFacts = { teamUuid: team, integration: 'whatsapp_app' };

describe('ChannelsService: channel facts in memory', () => {
  const stored = new Map([
    [official, 'whatsapp_business_api'],
    [app, 'whatsapp_app'],
  ]);
  const asked: string[][] = [];
  const replica = {
    columnsOf: async (uuids: string[], columns: string[]) => {
      asked.push(uuids);
      expect(columns).toEqual(['teamUuid', 'integration']);
      return new Map(uuids.filter((uuid) => stored.has(uuid)).map((uuid) => [uuid, { teamUuid: team, integration: stored.get(uuid) }]));
    },
  } as unknown as ChannelReplicaRepository<Channel>;

  beforeEach(() => {
    asked.length = 0;
  });

  it('reads the channels it does not hold in one query, then answers from memory', async () => {
    const channels = new ChannelsService(replica);
    expect(await channels.factsOf([official, app, official])).toEqual(new Map([[official, officialFacts], [app, appFacts]]));
    expect(await channels.factsOf([app, official])).toEqual(new Map([[app, appFacts], [official, officialFacts]]));
    expect(asked).toEqual([[official, app]]);
  });

  it('asks again for a channel not announced yet', async () => {
    const channels = new ChannelsService(replica);
    expect(await channels.factsOf([unknown])).toEqual(new Map());
    expect(await channels.factsOf([unknown])).toEqual(new Map());
    expect(asked).toEqual([[unknown], [unknown]]);
  });

  it('keeps what a channel.configured event says, at once', async () => {
    const channels = new ChannelsService(replica);
    await channels.factsOf([app]);
    const other = '00000000-0000-4000-8000-0000000000f2';
    await channels.channelConfigured({ channelUuid: app, teamUuid: other, integration: 'whatsapp_business_api', active: true } as ChannelConfiguredData);
    expect(await channels.factsOf([app])).toEqual(new Map([[app, { teamUuid: other, integration: 'whatsapp_business_api' }]]));
    expect(asked).toEqual([[app]]);
  });

  it('takes a channel configured before integrations existed for one on the official API', async () => {
    const channels = new ChannelsService(replica);
    await channels.channelConfigured({ channelUuid: app, teamUuid: team, active: true } as ChannelConfiguredData);
    expect(await channels.factsOf([app])).toEqual(new Map([[app, officialFacts]]));
    expect(asked).toEqual([]);
  });
});
