import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * The rows a raw statement returns, whatever its kind (`DataSource.query` answers UPDATE and DELETE with
 * `[rows, count]` and everything else with the rows alone, which makes `UPDATE ... RETURNING` easy to misread).
 *
 * Each statement runs as a named prepared statement on the service's pool: PostgreSQL parses it once per connection
 * instead of on every call, which on the hot paths would be a large part of the database's CPU. (It still plans each
 * call afresh: see `plan_cache_mode` in databaseOptions.) The SQL must therefore be a fixed text per call site, with
 * every varying value a parameter. TypeORM's `query` cannot name a statement (typeorm/typeorm#4762), so this takes
 * the pg pool its PostgresDriver keeps as `master`; query-rows.spec.ts fails when TypeORM changes how it keeps it.
 */
export async function queryRows<T>(dataSource: DataSource, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const result = await pool.query({ name: statementName(sql), text: sql, values: parameters });
  return result.rows as T[];
}

const names = new Map<string, string>();

/** A name per statement text: pg prepares a name once per connection and requires it to keep its text. */
function statementName(sql: string): string {
  let name = names.get(sql);
  if (name === undefined) {
    name = `herald_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    names.set(sql, name);
  }
  return name;
}
