import type { ChannelConfiguredData } from '@herald/contracts';
import type { DataSource, Repository } from 'typeorm';
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
  const dataSource = {
    driver: {
      master: {
        query: async ({ values: [uuids] }: { values: string[][] }) => {
          asked.push(uuids);
          return { rows: uuids.filter((uuid) => stored.has(uuid)).map((uuid) => ({ requested: uuid, team_uuid: team, integration: stored.get(uuid) })) };
        },
      },
    },
  } as unknown as DataSource;
  const repository = { upsert: async () => undefined } as unknown as Repository<Channel>;

  beforeEach(() => {
    asked.length = 0;
  });

  it('reads the channels it does not hold in one query, then answers from memory', async () => {
    const channels = new ChannelsService(dataSource, repository);
    expect(await channels.factsOf([official, app, official])).toEqual(new Map([[official, officialFacts], [app, appFacts]]));
    expect(await channels.factsOf([app, official])).toEqual(new Map([[app, appFacts], [official, officialFacts]]));
    expect(asked).toEqual([[official, app]]);
  });

  it('asks again for a channel not announced yet', async () => {
    const channels = new ChannelsService(dataSource, repository);
    expect(await channels.factsOf([unknown])).toEqual(new Map());
    expect(await channels.factsOf([unknown])).toEqual(new Map());
    expect(asked).toEqual([[unknown], [unknown]]);
  });

  it('keeps what a channel.configured event says, at once', async () => {
    const channels = new ChannelsService(dataSource, repository);
    await channels.factsOf([app]);
    const other = '00000000-0000-4000-8000-0000000000f2';
    await channels.configure({ channelUuid: app, teamUuid: other, integration: 'whatsapp_business_api', active: true } as ChannelConfiguredData);
    expect(await channels.factsOf([app])).toEqual(new Map([[app, { teamUuid: other, integration: 'whatsapp_business_api' }]]));
    expect(asked).toEqual([[app]]);
  });
});
