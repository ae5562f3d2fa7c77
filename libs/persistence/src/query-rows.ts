import type { DataSource } from 'typeorm';

/**
 * The rows a raw statement returns, whatever its kind. `DataSource.query` answers UPDATE and DELETE with
 * `[rows, count]` and everything else with the rows alone, which makes `UPDATE ... RETURNING` easy to misread.
 */
export async function queryRows<T>(dataSource: DataSource, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const runner = dataSource.createQueryRunner();
  try {
    const result = await runner.query(sql, parameters, true);
    return result.records as T[];
  } finally {
    await runner.release();
  }
}
