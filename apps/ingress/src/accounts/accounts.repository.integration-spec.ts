import { randomBytes, randomUUID } from 'node:crypto';
import type { BaseConfig } from '@herald/config';
import { MigratedDatabase, migratedDatabase } from '@herald/testing';
import type { DataSource } from 'typeorm';
import { ingressDatabase } from '../database/ingress.database';
import { AccountsChangesRepository } from './accounts-changes.repository';
import { AccountsRepository, ChannelRow } from './accounts.repository';

const hash = () => randomBytes(32).toString('hex');
const phoneNumberId = () => `1000${randomBytes(6).readUIntBE(0, 6)}`;

/** The accounts' queries against a database of their own, migrated as the ingress migrates it. */
describe('the accounts repository, on PostgreSQL', () => {
  let database: MigratedDatabase;
  let dataSource: DataSource;
  let accounts: AccountsRepository;
  let changes: AccountsChangesRepository;

  beforeAll(async () => {
    database = await migratedDatabase(ingressDatabase);
    dataSource = database.dataSource;
    accounts = new AccountsRepository(dataSource);
    changes = new AccountsChangesRepository({ DATABASE_URL: database.url } as BaseConfig, dataSource);
  });

  afterAll(async () => {
    await database?.drop();
  });

  const team = async () => (await accounts.upsertTeam(randomUUID(), 'a team')).uuid;

  const channel = (teamUuid: string, overrides: Partial<ChannelRow> = {}): ChannelRow => ({
    uuid: randomUUID(),
    teamUuid,
    type: 'whatsapp',
    name: 'support',
    isDefault: false,
    integration: 'whatsapp_business_api',
    phoneNumberId: phoneNumberId(),
    wabaId: 'waba',
    accessTokenSealed: 'sealed',
    language: 'en_US',
    messagesPerSecond: 80,
    active: true,
    ...overrides,
  });

  it('creates a team, and renames it by its uuid', async () => {
    const uuid = randomUUID();
    await accounts.upsertTeam(uuid, 'first name');
    expect(await accounts.upsertTeam(uuid, 'second name')).toEqual(expect.objectContaining({ uuid, name: 'second name' }));
    expect(await accounts.findTeam(uuid)).toEqual(expect.objectContaining({ name: 'second name' }));
    expect(await accounts.findTeam(randomUUID())).toBeNull();
  });

  it('finds a key by its hash until it is revoked', async () => {
    const teamUuid = await team();
    const secretHash = hash();
    const key = await accounts.addKeyOnce({ uuid: randomUUID(), teamUuid, name: 'ci', secretHash, prefix: 'hk_1234567' });
    expect(await accounts.findActiveKeyByHash(secretHash)).toEqual(expect.objectContaining({ uuid: key.uuid, teamUuid }));
    await accounts.revokeKey(key.uuid);
    expect(await accounts.findActiveKeyByHash(secretHash)).toBeNull();
    expect((await accounts.getKey(key.uuid)).revokedAt).toBeInstanceOf(Date);
  });

  it('keeps one key per secret, and answers the one stored when the secret comes again', async () => {
    const [teamUuid, otherTeam] = [await team(), await team()];
    const secretHash = hash();
    const first = await accounts.addKeyOnce({ uuid: randomUUID(), teamUuid, name: 'first', secretHash, prefix: 'hk_1' });
    const again = await accounts.addKeyOnce({ uuid: randomUUID(), teamUuid: otherTeam, name: 'again', secretHash, prefix: 'hk_1' });
    expect(again).toEqual(expect.objectContaining({ uuid: first.uuid, teamUuid, name: 'first' }));
    expect((await accounts.listKeys(otherTeam)).length).toBe(0);
  });

  it("finds a team's active channel by uuid, never another team's or an inactive one", async () => {
    const [teamUuid, otherTeam] = [await team(), await team()];
    const active = channel(teamUuid);
    const inactive = channel(teamUuid, { active: false });
    expect(await accounts.upsertChannel(active)).toBe('saved');
    expect(await accounts.upsertChannel(inactive)).toBe('saved');
    expect(await accounts.findActiveChannel(teamUuid, active.uuid)).toEqual(expect.objectContaining({ uuid: active.uuid }));
    expect(await accounts.findActiveChannel(otherTeam, active.uuid)).toBeNull();
    expect(await accounts.findActiveChannel(teamUuid, inactive.uuid)).toBeNull();
    expect((await accounts.listChannels(teamUuid)).map((found) => found.uuid).sort()).toEqual([active.uuid, inactive.uuid].sort());
  });

  it('keeps one default channel per team and type, and sends from it only while it is active', async () => {
    const teamUuid = await team();
    const first = channel(teamUuid, { isDefault: true });
    const second = channel(teamUuid, { isDefault: true });
    await accounts.upsertChannel(first);
    await expect(accounts.upsertChannel(second)).rejects.toThrow(/channels_one_default_per_type/);
    expect(await accounts.defaultChannelOf(teamUuid, 'whatsapp')).toEqual(expect.objectContaining({ uuid: first.uuid }));

    await accounts.clearDefault(first.uuid);
    await accounts.upsertChannel(second);
    expect(await accounts.activeDefaultChannelOf(teamUuid, 'whatsapp')).toEqual(expect.objectContaining({ uuid: second.uuid }));

    await accounts.updateChannel(second.uuid, { active: false });
    expect(await accounts.activeDefaultChannelOf(teamUuid, 'whatsapp')).toBeNull();
    expect(await accounts.defaultChannelOf(teamUuid, 'whatsapp')).toEqual(expect.objectContaining({ uuid: second.uuid, active: false }));
  });

  it('gives a phone number id to one channel only, and lets that channel be written again', async () => {
    const [teamUuid, otherTeam] = [await team(), await team()];
    const owner = channel(teamUuid);
    await accounts.upsertChannel(owner);
    expect(await accounts.upsertChannel(channel(otherTeam, { phoneNumberId: owner.phoneNumberId }))).toBe('phone number taken');
    expect(await accounts.upsertChannel({ ...owner, name: 'renamed' })).toBe('saved');
    expect(await accounts.findChannelByPhoneNumberId(owner.phoneNumberId)).toEqual(expect.objectContaining({ uuid: owner.uuid, name: 'renamed' }));
    expect(await accounts.listChannels(otherTeam)).toEqual([]);
  });

  it('adds members once per team, in lower case, listed by email', async () => {
    const [teamUuid, otherTeam] = [await team(), await team()];
    await accounts.addMember({ uuid: randomUUID(), teamUuid, email: 'zoe@example.com', name: null });
    const ada = await accounts.addMember({ uuid: randomUUID(), teamUuid, email: 'ada@example.com', name: 'Ada' });
    expect(ada.createdAt).toBeInstanceOf(Date);
    await expect(accounts.addMember({ uuid: randomUUID(), teamUuid, email: 'ada@example.com', name: null })).rejects.toThrow(/duplicate key/);
    await expect(accounts.addMember({ uuid: randomUUID(), teamUuid, email: 'Bob@example.com', name: null })).rejects.toThrow(/check constraint/);
    expect(await accounts.isMember(teamUuid, 'ada@example.com')).toBe(true);
    expect(await accounts.isMember(otherTeam, 'ada@example.com')).toBe(false);
    expect((await accounts.listMembers(teamUuid)).map((member) => member.email)).toEqual(['ada@example.com', 'zoe@example.com']);
  });

  it('lets a listener hear every change announced, until it closes', async () => {
    let heard = 0;
    let listening!: () => void;
    const ready = new Promise<void>((resolve) => (listening = resolve));
    const lost: string[] = [];
    const listener = changes.listen({ listening, changed: () => (heard += 1), lost: (reason) => lost.push(reason) });
    await ready;
    await changes.announce();
    await changes.announce();
    await waitFor(() => heard === 2);
    await listener.close();
    expect(lost).toEqual(['connection ended']);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
