import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { HeraldApp, workspaceRoot } from './service-process';

/** Runs `work` with a connection of its own to the platform's database (DATABASE_URL), closed however it ends. */
export async function withDatabase<T>(work: (database: Client) => Promise<T>, url = process.env.DATABASE_URL): Promise<T> {
  const database = new Client({ connectionString: url });
  await database.connect();
  try {
    return await work(database);
  } finally {
    await database.end();
  }
}

async function asAdmin(statement: string): Promise<void> {
  await withDatabase((admin) => admin.query(statement), process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
}

/**
 * A new, empty database with the migrations of `services` only, for a test that starts services on a database of
 * their own rather than the one the jest global setup prepared.
 */
export async function freshDatabase(services: HeraldApp[]): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `herald_test_own_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const url = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${name}`;
  const drop = () => asAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await asAdmin(`CREATE DATABASE "${name}"`);
  try {
    for (const service of services) {
      await promisify(execFile)(process.execPath, [path.join(workspaceRoot, `dist/apps/${service}/src/migrate.js`)], {
        env: { ...process.env, DATABASE_URL: url.toString() },
      });
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return { url: url.toString(), drop };
}
