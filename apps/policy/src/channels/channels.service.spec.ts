import type { ChannelConfiguredData } from '@herald/contracts';
import type { DataSource, Repository } from 'typeorm';
import type { Channel } from './channel.entity';
import { ChannelsService } from './channels.service';

const official = '00000000-0000-4000-8000-00000000000a';
const app = '00000000-0000-4000-8000-00000000000b';
const unknown = '00000000-0000-4000-8000-00000000000c';

describe('ChannelsService: channel integrations in memory', () => {
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
          return { rows: uuids.filter((uuid) => stored.has(uuid)).map((uuid) => ({ requested: uuid, integration: stored.get(uuid) })) };
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
    expect(await channels.integrationsOf([official, app, official])).toEqual(new Map([[official, 'whatsapp_business_api'], [app, 'whatsapp_app']]));
    expect(await channels.integrationsOf([app, official])).toEqual(new Map([[app, 'whatsapp_app'], [official, 'whatsapp_business_api']]));
    expect(asked).toEqual([[official, app]]);
  });

  it('asks again for a channel not announced yet', async () => {
    const channels = new ChannelsService(dataSource, repository);
    expect(await channels.integrationsOf([unknown])).toEqual(new Map());
    expect(await channels.integrationsOf([unknown])).toEqual(new Map());
    expect(asked).toEqual([[unknown], [unknown]]);
  });

  it('keeps what a channel.configured event says, at once', async () => {
    const channels = new ChannelsService(dataSource, repository);
    await channels.integrationsOf([app]);
    await channels.configure({ channelUuid: app, integration: 'whatsapp_business_api', active: true } as ChannelConfiguredData);
    expect(await channels.integrationsOf([app])).toEqual(new Map([[app, 'whatsapp_business_api']]));
    expect(asked).toEqual([[app]]);
  });
});
