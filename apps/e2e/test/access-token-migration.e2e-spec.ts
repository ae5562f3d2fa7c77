import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { sealedSecretPattern } from '@herald/contracts';
import { workspaceRoot } from '@herald/testing';
import { parseSecretKey, SecretBox } from '@herald/whatsapp';
import { Client } from 'pg';

const services = ['ingress', 'template', 'dispatcher'] as const;
const sealMigration = 'SealAccessTokens1765200000000';

/** Runs a service's migrate entry point against `url` with `env`; its exit code and what it printed. */
async function migrate(service: string, url: string, env: Record<string, string>) {
  const environment: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, ...env };
  for (const [name, value] of Object.entries(environment)) if (value === '') delete environment[name];
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(workspaceRoot, `dist/apps/${service}/src/migrate.js`)], {
      env: environment,
      encoding: 'utf8',
    });
    return { code: 0, output: stdout };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, output: `${stdout}${stderr}` };
  }
}

describe('the migration that seals access tokens stored in plain text', () => {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `herald_seal_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  const key = randomBytes(32).toString('hex');
  const tokens = Object.fromEntries(services.map((service) => [service, `EAAGstored${service}${randomBytes(8).toString('hex')}`]));
  let database: Client;

  beforeAll(async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    // A new installation has no token to seal, and migrates without the key.
    for (const service of services) expect(await migrate(service, url, { HERALD_ENV: 'production', HERALD_SECRET_KEY: '' })).toMatchObject({ code: 0 });
    database = new Client({ connectionString: url });
    await database.connect();
    // Back to the schema before the migration, holding a token in plain text as it did.
    const team = '00000000-0000-4000-8000-0000000000f1';
    const channel = '00000000-0000-4000-8000-0000000000f2';
    for (const service of services) {
      await database.query(`ALTER TABLE ${service}.channels RENAME COLUMN access_token_sealed TO access_token`);
      await database.query(`DELETE FROM ${service}.migrations WHERE name = $1`, [sealMigration]);
    }
    await database.query(`INSERT INTO ingress.teams (uuid, name) VALUES ($1, 'Old')`, [team]);
    await database.query(
      `INSERT INTO ingress.channels (uuid, team_uuid, type, name, is_default, phone_number_id, waba_id, access_token)
       VALUES ($1, $2, 'whatsapp', 'Old', true, '100000000000091', '100000000000001', $3)`,
      [channel, team, tokens.ingress],
    );
    await database.query(`INSERT INTO template.channels (uuid, team_uuid, waba_id, access_token, active) VALUES ($1, $2, '1', $3, true)`, [
      channel,
      team,
      tokens.template,
    ]);
    await database.query(`INSERT INTO dispatcher.channels (uuid, team_uuid, phone_number_id, access_token, active) VALUES ($1, $2, '1', $3, true)`, [
      channel,
      team,
      tokens.dispatcher,
    ]);
  });

  afterAll(async () => {
    await database?.end();
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it.each(services)('%s: refuses to run without the key, saying why, then seals every stored token with it', async (service) => {
    // A deployment's migrate job: production mode, where no development key stands in for a missing one.
    const refused = await migrate(service, url, { HERALD_ENV: 'production', HERALD_SECRET_KEY: '' });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`${service}: migration failed: the ${service} database holds 1 access token(s) to seal: HERALD_SECRET_KEY must be`);

    expect(await migrate(service, url, { HERALD_SECRET_KEY: key })).toMatchObject({ code: 0 });
    const { rows } = await database.query(`SELECT access_token_sealed AS sealed FROM ${service}.channels`);
    expect(rows).toHaveLength(1);
    expect(rows[0].sealed).toMatch(sealedSecretPattern);
    expect(new SecretBox(parseSecretKey(key) as Buffer).open(rows[0].sealed)).toBe(tokens[service]);
  });
});
