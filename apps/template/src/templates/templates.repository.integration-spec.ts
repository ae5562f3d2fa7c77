import { randomUUID } from 'node:crypto';
import { templateUuidFor } from '@herald/contracts';
import { MigratedDatabase, migratedDatabase } from '@herald/testing';
import type { DataSource } from 'typeorm';
import { templateDatabase } from '../database/template.database';
import { AccountsRepository } from './accounts.repository';
import type { Template } from './template.entity';
import { TemplatesRepository } from './templates.repository';

const teamA = randomUUID();
const teamB = randomUUID();
/** Two channels of team A share this account. */
const shared = '100000000000001';
const ownA = '100000000000002';
const inactive = '100000000000003';
const ofTeamB = '100000000000004';

const template = (wabaId: string, name: string, language: string, status = 'APPROVED'): Template => ({
  uuid: templateUuidFor(wabaId, name, language),
  wabaId,
  providerId: `${name}-${language}`,
  name,
  language,
  category: 'UTILITY',
  status,
  parameterFormat: 'POSITIONAL',
  components: [{ type: 'BODY', text: `${name} in ${language}: {{1}}` }],
  syncedAt: new Date('2030-01-02T03:04:05.000Z'),
});
const uuidOf = (found: Array<{ uuid: string }>) => found.map((entry) => entry.uuid);

/** The template service's repositories against a database of their own, migrated as the service migrates it. */
describe('the template repositories, on PostgreSQL', () => {
  let database: MigratedDatabase;
  let dataSource: DataSource;
  let accounts: AccountsRepository;
  let templates: TemplatesRepository;

  beforeAll(async () => {
    database = await migratedDatabase(templateDatabase);
    dataSource = database.dataSource;
    accounts = new AccountsRepository(dataSource);
    templates = new TemplatesRepository(dataSource);
    const channels: Array<[team: string, wabaId: string, active: boolean]> = [
      [teamA, shared, true],
      [teamA, shared, true],
      [teamA, ownA, true],
      [teamA, inactive, false],
      [teamB, ofTeamB, true],
    ];
    for (const [team, wabaId, active] of channels) {
      await dataSource.query(`INSERT INTO channels (uuid, team_uuid, waba_id, access_token_sealed, active) VALUES ($1, $2, $3, $4, $5)`, [
        randomUUID(),
        team,
        wabaId,
        `sealed-${wabaId}`,
        active,
      ]);
    }
  });

  afterAll(async () => {
    await database?.drop();
  });

  describe('AccountsRepository', () => {
    const byId = (found: Array<{ wabaId: string }>) => found.map((account) => account.wabaId).sort();

    it('answers each account with an active channel once, with its sealed token', async () => {
      expect(byId(await accounts.active())).toEqual([shared, ownA, ofTeamB]);
      expect(await accounts.activeOne(shared)).toEqual({ wabaId: shared, accessTokenSealed: `sealed-${shared}` });
    });

    it("answers a team's accounts only, and no account whose channels are all inactive", async () => {
      expect(byId(await accounts.ofTeam(teamA))).toEqual([shared, ownA]);
      expect(byId(await accounts.ofTeam(randomUUID()))).toEqual([]);
      expect(await accounts.activeOne(inactive)).toBeNull();
    });

    it('answers the teams whose active channels use an account, each once', async () => {
      const both = '100000000000005';
      for (const [team, active] of [[teamB, true], [teamA, true], [teamA, true], [randomUUID(), false]] as const) {
        await dataSource.query(`INSERT INTO channels (uuid, team_uuid, waba_id, access_token_sealed, active) VALUES ($1, $2, $3, $4, $5)`, [
          randomUUID(),
          team,
          both,
          `sealed-${both}`,
          active,
        ]);
      }
      expect(await accounts.teamsOf(both)).toEqual([teamA, teamB].sort());
      expect(await accounts.teamsOf(shared)).toEqual([teamA]);
      expect(await accounts.teamsOf(inactive)).toEqual([]);
    });
  });

  describe('TemplatesRepository', () => {
    beforeAll(async () => {
      await templates.store([
        template(shared, 'welcome', 'nl'),
        template(shared, 'welcome', 'en_US'),
        template(shared, 'welcome', 'de', 'PAUSED'),
        template(shared, 'alert', 'en_US'),
        template(ownA, 'welcome', 'en_US'),
        template(ofTeamB, 'receipt', 'en_US'),
      ]);
    });

    it("replaces a template synced again, by its uuid, and leaves the account's others as they were", async () => {
      await templates.store([{ ...template(ownA, 'welcome', 'en_US', 'REJECTED'), providerId: 'resubmitted' }]);
      await templates.store([]);
      const stored = await templates.ofAccounts([ownA]);
      expect(stored).toEqual([{ ...template(ownA, 'welcome', 'en_US', 'REJECTED'), providerId: 'resubmitted' }]);
      await templates.store([template(ownA, 'welcome', 'en_US')]);
    });

    it("answers the status stored of each of an account's templates, by uuid", async () => {
      expect(await templates.statusesOf(shared)).toEqual(
        new Map([
          [template(shared, 'welcome', 'nl').uuid, 'APPROVED'],
          [template(shared, 'welcome', 'en_US').uuid, 'APPROVED'],
          [template(shared, 'welcome', 'de').uuid, 'PAUSED'],
          [template(shared, 'alert', 'en_US').uuid, 'APPROVED'],
        ]),
      );
      expect(await templates.statusesOf(inactive)).toEqual(new Map());
    });

    it('lists the templates of the accounts asked for, by name and then language', async () => {
      expect((await templates.ofAccounts([shared, ofTeamB])).map(({ name, language }) => `${name}/${language}`)).toEqual([
        'alert/en_US',
        'receipt/en_US',
        'welcome/de',
        'welcome/en_US',
        'welcome/nl',
      ]);
      expect(await templates.ofAccounts([])).toEqual([]);
    });

    it('answers the template named, alone, when it is in the language wanted', async () => {
      const named = template(shared, 'welcome', 'nl');
      expect(await templates.toRender([{ uuid: named.uuid, wabaId: shared, language: 'nl' }])).toEqual([
        {
          uuid: named.uuid,
          wabaId: shared,
          name: 'welcome',
          language: 'nl',
          status: 'APPROVED',
          category: 'UTILITY',
          parameterFormat: 'POSITIONAL',
          components: named.components,
        },
      ]);
    });

    it("answers every language of the name in the sending account for another language, once each, by language", async () => {
      const named = template(shared, 'welcome', 'en_US');
      const wanted = { uuid: named.uuid, wabaId: shared, language: 'de' };
      const found = await templates.toRender([wanted, wanted, { uuid: named.uuid, wabaId: shared, language: 'en_US' }]);
      expect(uuidOf(found)).toEqual([
        template(shared, 'welcome', 'de').uuid,
        template(shared, 'welcome', 'en_US').uuid,
        template(shared, 'welcome', 'nl').uuid,
      ]);
      expect(found[0]).toMatchObject({ status: 'PAUSED', wabaId: shared });
    });

    it('answers nothing for a template of another account than the sending one, or one not stored', async () => {
      const ofB = template(ofTeamB, 'receipt', 'en_US');
      expect(await templates.toRender([{ uuid: ofB.uuid, wabaId: shared, language: 'en_US' }])).toEqual([]);
      expect(await templates.toRender([{ uuid: 'f'.repeat(32), wabaId: shared, language: 'nl' }])).toEqual([]);
      expect(await templates.toRender([])).toEqual([]);
    });

    it('answers the templates of several accounts in one batch', async () => {
      const found = await templates.toRender([
        { uuid: template(ofTeamB, 'receipt', 'en_US').uuid, wabaId: ofTeamB, language: 'en_US' },
        { uuid: template(shared, 'alert', 'en_US').uuid, wabaId: shared, language: 'en_US' },
      ]);
      expect(found.map(({ wabaId, name }) => `${wabaId}/${name}`).sort()).toEqual([`${shared}/alert`, `${ofTeamB}/receipt`]);
    });
  });
});
