import { Global, Injectable, Module } from '@nestjs/common';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ChannelConfiguredData, ChannelConfiguredEvent, Topics } from '@herald/contracts';
import { EventProcessor, KafkaBatch } from '@herald/kafka';
import { SnakeNamingStrategy } from '@herald/persistence';
import { Column, DataSource, Entity } from 'typeorm';
import { ChannelBase } from './channel-base.entity';
import { ChannelConfiguredConsumer } from './channel-configured.consumer';
import { ChannelReplicaModule } from './channel-replica.module';
import { ChannelReplicaRepository } from './channel-replica.repository';
import type { ChannelConfiguredListener } from './channel-replica.writer';

@Entity({ name: 'channels' })
class LedgerChannel extends ChannelBase {
  @Column('text')
  phoneNumberId: string;
}

/** A DataSource whose entity metadata is built as at startup, without a database behind it. */
class OfflineDataSource extends DataSource {
  static async describing(...entities: Array<new () => ChannelBase>): Promise<OfflineDataSource> {
    const dataSource = new OfflineDataSource({
      type: 'postgres',
      entities,
      namingStrategy: new SnakeNamingStrategy(),
    });
    await dataSource.buildMetadatas();
    return dataSource;
  }
}

const channelUuid = '00000000-0000-4000-8000-00000000000a';
const teamUuid = '00000000-0000-4000-8000-0000000000f1';
const data = {
  channelUuid,
  teamUuid,
  type: 'whatsapp',
  phoneNumberId: '1555000001',
  wabaId: '100000000000001',
  active: true,
} as ChannelConfiguredData;

describe('ChannelReplicaModule', () => {
  const told: string[] = [];

  @Injectable()
  class LedgerChannels implements ChannelConfiguredListener {
    constructor(readonly replica: ChannelReplicaRepository<LedgerChannel>) {}

    async channelConfigured(configured: ChannelConfiguredData): Promise<void> {
      told.push(configured.channelUuid);
    }
  }

  async function replicaOf(dataSource: DataSource) {
    const processor = {
      // Today's EventProcessor hands the work the checked events; this one hands it the given batch's.
      process: async (
        batch: { events: ChannelConfiguredEvent[] },
        _contract: unknown,
        work: (events: ChannelConfiguredEvent[]) => Promise<unknown>,
      ) => {
        await work(batch.events);
      },
    };
    @Global()
    @Module({
      providers: [
        { provide: getDataSourceToken(), useValue: dataSource },
        { provide: EventProcessor, useValue: processor },
      ],
      exports: [getDataSourceToken(), EventProcessor],
    })
    class Platform {}
    const module = await Test.createTestingModule({
      imports: [
        Platform,
        ChannelReplicaModule.forFeature({
          entity: LedgerChannel,
          columns: (configured) => ({ phoneNumberId: configured.phoneNumberId }),
          providers: [LedgerChannels],
          listener: LedgerChannels,
        }),
      ],
    }).compile();
    const consume = (...events: ChannelConfiguredData[]) =>
      module
        .get(ChannelConfiguredConsumer)
        .configured({ events: events.map((event) => ({ data: event })) } as unknown as KafkaBatch);
    return { module, consume };
  }

  beforeEach(() => {
    told.length = 0;
  });

  it('consumes channel.configured', () => {
    expect(Reflect.getMetadata(PATTERN_METADATA, ChannelConfiguredConsumer.prototype.configured)).toEqual([
      Topics.ChannelConfigured,
    ]);
  });

  it("stores a configured channel's shared columns and the service's own, then tells the service", async () => {
    const dataSource = await OfflineDataSource.describing(LedgerChannel);
    const stored: unknown[] = [];
    jest
      .spyOn(dataSource.getRepository(LedgerChannel), 'upsert')
      .mockImplementation(async (row, conflict) => {
        expect(told).toHaveLength(stored.length);
        stored.push([row, conflict]);
        return { identifiers: [], generatedMaps: [], raw: [] };
      });
    const { consume } = await replicaOf(dataSource);
    await consume(data, { ...data, active: false });
    expect(stored).toEqual([
      [{ uuid: channelUuid, teamUuid, active: true, phoneNumberId: '1555000001' }, ['uuid']],
      [{ uuid: channelUuid, teamUuid, active: false, phoneNumberId: '1555000001' }, ['uuid']],
    ]);
    expect(told).toEqual([channelUuid, channelUuid]);
  });

  it('tells the service nothing of a channel it could not store', async () => {
    const dataSource = await OfflineDataSource.describing(LedgerChannel);
    jest
      .spyOn(dataSource.getRepository(LedgerChannel), 'upsert')
      .mockRejectedValue(new Error('database gone'));
    const { consume } = await replicaOf(dataSource);
    await expect(consume(data)).rejects.toThrow('database gone');
    expect(told).toEqual([]);
  });

  it("gives the service's providers the repository of its own entity, and exports them", async () => {
    const { module } = await replicaOf(await OfflineDataSource.describing(LedgerChannel));
    expect(module.get(LedgerChannels).replica).toBeInstanceOf(ChannelReplicaRepository);
    expect(module.get(LedgerChannels).replica).toBe(module.get(ChannelReplicaRepository));
  });
});

describe('ChannelReplicaRepository', () => {
  it('reads the named columns of many channels in one statement, by the uuid as given', async () => {
    const dataSource = await OfflineDataSource.describing(LedgerChannel);
    const statements: Array<{ text: string; values: unknown[] }> = [];
    Object.assign(dataSource.driver, {
      master: {
        query: async (statement: { text: string; values: string[][] }) => {
          statements.push(statement);
          return { rows: [{ requested: channelUuid.toUpperCase(), phoneNumberId: '1555000001', teamUuid }] };
        },
      },
    });
    const replica = new ChannelReplicaRepository(dataSource, LedgerChannel);
    const other = '00000000-0000-4000-8000-00000000000b';
    expect(
      await replica.columnsOf([channelUuid.toUpperCase(), other], ['phoneNumberId', 'teamUuid']),
    ).toEqual(new Map([[channelUuid.toUpperCase(), { phoneNumberId: '1555000001', teamUuid }]]));
    expect(statements).toHaveLength(1);
    expect(statements[0].values).toEqual([[channelUuid.toUpperCase(), other]]);
    expect(statements[0].text.replace(/\s+/g, ' ')).toBe(
      'SELECT requested.uuid AS requested, channels.phone_number_id AS "phoneNumberId", channels.team_uuid AS "teamUuid" ' +
        'FROM unnest($1::text[]) AS requested(uuid) JOIN channels AS channels ON channels.uuid = requested.uuid::uuid',
    );
  });

  it('refuses a column its entity does not have', async () => {
    const replica = new ChannelReplicaRepository(
      await OfflineDataSource.describing(LedgerChannel),
      LedgerChannel,
    );
    await expect(replica.columnsOf([channelUuid], ['accessTokenSealed' as 'phoneNumberId'])).rejects.toThrow(
      'LedgerChannel has no column accessTokenSealed',
    );
  });

  it('finds active channels only, and changes a channel by its uuid', async () => {
    const dataSource = await OfflineDataSource.describing(LedgerChannel);
    const channels = dataSource.getRepository(LedgerChannel);
    const findBy = jest.spyOn(channels, 'findBy').mockResolvedValue([]);
    const update = jest.spyOn(channels, 'update').mockResolvedValue({ raw: [], generatedMaps: [] });
    const replica = new ChannelReplicaRepository(dataSource, LedgerChannel);
    await replica.findActive({ phoneNumberId: '1555000001' });
    await replica.update(channelUuid, { phoneNumberId: '1555000002' });
    expect(findBy).toHaveBeenCalledWith({ phoneNumberId: '1555000001', active: true });
    expect(update).toHaveBeenCalledWith({ uuid: channelUuid }, { phoneNumberId: '1555000002' });
  });
});
