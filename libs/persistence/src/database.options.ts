import { BaseConfig } from '@herald/config';
import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface ServiceDatabase {
  /** The PostgreSQL schema the service owns; its tables and its migrations table live there. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

/** TypeORM options for one service: its own schema, migrations only (never `synchronize`), a bounded pool. */
export function databaseOptions(config: BaseConfig, database: ServiceDatabase, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    schema: database.schema,
    entities: database.entities,
    migrations: database.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    applicationName: `herald-${database.schema}`,
    poolSize,
    extra: {
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      // Migrations are plain SQL: unqualified names must land in the service's schema, not in public. Statements are
      // named (queryRows), and PostgreSQL would keep the plan it made for the first few, while a table was still
      // empty, long after the table grew: a send-queue claim planned at startup would scan every open row once the
      // queue filled (docs/benchmarks.md). Planned afresh each time, a statement sees the table as it is; each plans
      // for a batch, so that costs little.
      options: `-c search_path=${database.schema} -c plan_cache_mode=force_custom_plan`,
    },
  };
}
