import type { ChannelConfiguredData } from '@herald/contracts';
import type { DataSource, Repository } from 'typeorm';
import type { TemplateSyncService } from '../templates/template-sync.service';
import type { Channel } from './channel.entity';
import { ChannelsService } from './channels.service';

const known = '00000000-0000-4000-8000-00000000000a';
const unknown = '00000000-0000-4000-8000-00000000000c';

describe('ChannelsService: channels in memory', () => {
  const asked: string[][] = [];
  const dataSource = {
    driver: {
      master: {
        query: async ({ values: [uuids] }: { values: string[][] }) => {
          asked.push(uuids);
          return { rows: uuids.filter((uuid) => uuid === known).map((uuid) => ({ requested: uuid, waba_id: '100000000000001', language: 'en_US' })) };
        },
      },
    },
  } as unknown as DataSource;
  const serviceWith = () =>
    new ChannelsService(dataSource, { upsert: async () => undefined } as unknown as Repository<Channel>, {
      syncAccount: async () => 0,
    } as unknown as TemplateSyncService);

  beforeEach(() => {
    asked.length = 0;
  });

  it('reads the channels it does not hold in one query, then answers from memory, and asks again for unknown ones', async () => {
    const channels = serviceWith();
    expect(await channels.findMany([known, unknown, known])).toEqual(new Map([[known, { wabaId: '100000000000001', language: 'en_US' }]]));
    expect(await channels.findMany([known, unknown])).toEqual(new Map([[known, { wabaId: '100000000000001', language: 'en_US' }]]));
    expect(asked).toEqual([[known, unknown], [unknown]]);
  });

  it('keeps what a channel.configured event says, at once (a new language)', async () => {
    const channels = serviceWith();
    await channels.findMany([known]);
    await channels.configure({ channelUuid: known, wabaId: '100000000000001', language: 'es', active: true, accessTokenSealed: 'v1.sealed' } as ChannelConfiguredData);
    expect(await channels.findMany([known])).toEqual(new Map([[known, { wabaId: '100000000000001', language: 'es' }]]));
    expect(asked).toEqual([[known]]);
  });
});
