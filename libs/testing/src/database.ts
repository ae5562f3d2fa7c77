import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { BaseConfig, loadConfig } from '@herald/config';
import { databaseOptions, runMigrations, type ServiceDatabase } from '@herald/persistence';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
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

/** A service's schema in a database of its own, made for one spec file. */
export interface MigratedDatabase {
  /** Open on the service's schema with its entities, as the service's own connection would be. */
  dataSource: DataSource;
  /** Its DATABASE_URL. */
  url: string;
  /** Closes the connection and drops the database. */
  drop(): Promise<void>;
}

/**
 * A new database (`herald_it_*`) with the migrations of one service's `ServiceDatabase` applied, run in process the
 * way the service's `migrate` runs them: for a repository's or a queue's integration spec, which drops it after.
 * PostgreSQL is the one at TEST_DATABASE_ADMIN_URL, else postgres@127.0.0.1:5432.
 */
export async function migratedDatabase(database: ServiceDatabase, poolSize = 4): Promise<MigratedDatabase> {
  const name = `herald_it_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const url = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${name}`;
  const dropDatabase = () => asAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await asAdmin(`CREATE DATABASE "${name}"`);
  try {
    const options = databaseOptions(loadConfig(BaseConfig, { DATABASE_URL: url.toString() }), database, poolSize);
    await runMigrations(options);
    const dataSource = await new DataSource(options).initialize();
    const drop = async () => {
      await dataSource.destroy();
      await dropDatabase();
    };
    return { dataSource, url: url.toString(), drop };
  } catch (error) {
    await dropDatabase();
    throw error;
  }
}
