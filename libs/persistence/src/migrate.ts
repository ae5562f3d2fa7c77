import { BaseConfig, loadConfig } from '@herald/config';
import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseOptions, ServiceDatabase } from './database.options';

/** Creates the database named in `url` when it does not exist yet (needs a role allowed to create databases). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new Error(`DATABASE_URL names no database: ${url}`);
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        // Two services creating the same database at once: the second finds it there.
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
    }
  } finally {
    await client.end();
  }
}

/**
 * Creates the service's schema and runs its pending migrations. A PostgreSQL advisory lock per schema keeps two
 * replicas starting together from running the same migration twice.
 */
export async function runMigrations(options: DataSourceOptions): Promise<string[]> {
  const schema = (options as { schema?: string }).schema ?? 'public';
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`herald:migrations:${schema}`]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`herald:migrations:${schema}`]);
    }
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}

/** The `migrate` entry point of a service: creates the database if needed, then applies the pending migrations. */
export async function runMigrationsFor(service: string, database: ServiceDatabase): Promise<void> {
  try {
    // Only the database settings matter here: a migration job needs no service secrets.
    const config = loadConfig(BaseConfig);
    await ensureDatabase(config.DATABASE_URL);
    const applied = await runMigrations(databaseOptions(config, database, 2));
    process.stdout.write(`${service}: ${applied.length ? `applied ${applied.join(', ')}` : 'database schema up to date'}\n`);
  } catch (error) {
    process.stderr.write(`${service}: migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
