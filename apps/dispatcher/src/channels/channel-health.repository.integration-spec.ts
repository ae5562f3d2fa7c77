import { randomUUID } from 'node:crypto';
import type { ChannelConfiguredData, SealedSecret } from '@herald/contracts';
import { ChannelReplicaRepository } from '@herald/channel-replica';
import { migratedDatabase, type MigratedDatabase } from '@herald/testing';
import { dispatcherDatabase } from '../database/dispatcher.database';
import { Channel } from './channel.entity';
import { ChannelHealthRepository } from './channel-health.repository';

/** The health columns' statements, against the dispatcher's own schema in a PostgreSQL database of this file's own. */
let database: MigratedDatabase;
let health: ChannelHealthRepository;

beforeAll(async () => {
  database = await migratedDatabase(dispatcherDatabase, 8);
  health = new ChannelHealthRepository(database.dataSource);
}, 30_000);
afterAll(() => database?.drop());

const sealed = 'v1.00000000.sealed-for-tests00.token-sealed-for-the-tests' as SealedSecret;

async function channel(): Promise<{ uuid: string; teamUuid: string }> {
  const uuid = randomUUID();
  const teamUuid = randomUUID();
  await database.dataSource.query(
    `INSERT INTO channels (uuid, team_uuid, phone_number_id, access_token_sealed, active) VALUES ($1, $2, '15550001', $3, true)`,
    [uuid, teamUuid, sealed],
  );
  return { uuid, teamUuid };
}

const healthOf = async (uuid: string) =>
  (await database.dataSource.query(`SELECT unhealthy_reason AS reason, unhealthy_since AS since FROM channels WHERE uuid = $1`, [uuid]))[0];

describe('ChannelHealthRepository', () => {
  it('tells one of many concurrent calls that it made the channel unhealthy, and keeps the first reason and time', async () => {
    const { uuid, teamUuid } = await channel();
    const first = new Date('2026-01-01T00:00:00Z');
    const changes = await Promise.all(
      Array.from({ length: 8 }, (_, index) => health.markUnhealthy(uuid, index === 0 ? 'provider_token_expired' : 'provider_auth_failed', new Date(first.getTime() + index))),
    );
    expect(changes.filter((change) => change !== null)).toEqual([{ teamUuid }]);
    expect(await health.markUnhealthy(uuid, 'provider_auth_failed', new Date())).toBeNull();
    const stored = await healthOf(uuid);
    const winner = changes.findIndex((change) => change !== null);
    expect(stored.since).toEqual(new Date(first.getTime() + winner));
  });

  it('makes an unhealthy channel healthy once, and answers nothing for a healthy one or one it does not know', async () => {
    const { uuid, teamUuid } = await channel();
    expect(await health.markHealthy(uuid)).toBeNull();
    await health.markUnhealthy(uuid, 'provider_token_expired', new Date());
    expect(await health.markHealthy(uuid)).toEqual({ teamUuid });
    expect(await health.markHealthy(uuid)).toBeNull();
    expect(await healthOf(uuid)).toEqual({ reason: null, since: null });
    expect(await health.markUnhealthy(randomUUID(), 'provider_token_expired', new Date())).toBeNull();
  });

  it('leaves the health columns to it when the replica stores a configuration', async () => {
    const { uuid, teamUuid } = await channel();
    await health.markUnhealthy(uuid, 'provider_token_expired', new Date());
    const replica = new ChannelReplicaRepository(database.dataSource, Channel);
    await replica.store({ channelUuid: uuid, teamUuid, active: true } as ChannelConfiguredData, {
      phoneNumberId: '15550002',
      accessTokenSealed: sealed,
      messagesPerSecond: 80,
    });
    expect(await healthOf(uuid)).toMatchObject({ reason: 'provider_token_expired' });
    expect(await health.markHealthy(uuid)).toEqual({ teamUuid });
  });
});
