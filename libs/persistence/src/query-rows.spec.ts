import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { queryRows } from './query-rows';

describe('queryRows', () => {
  it("runs each text as one named statement on the driver's pool, with the values as parameters", async () => {
    const query = jest.fn(async () => ({ rows: [{ n: 1 }] }));
    const dataSource = { driver: { master: { query } } } as unknown as DataSource;
    await expect(queryRows(dataSource, 'SELECT $1::int AS n', [1])).resolves.toEqual([{ n: 1 }]);
    await queryRows(dataSource, 'SELECT $1::int AS n', [2]);
    await queryRows(dataSource, 'SELECT 2 AS n');
    const [first, second, other] = query.mock.calls.map((call: unknown[]) => call[0] as { name: string; text: string; values: unknown[] });
    expect(first).toEqual({ name: expect.stringMatching(/^herald_[0-9a-f]{24}$/), text: 'SELECT $1::int AS n', values: [1] });
    expect(second.name).toBe(first.name);
    expect(other.name).not.toBe(first.name);
  });
});

describe('the TypeORM internals queryRows relies on', () => {
  const fingerprint = (method: unknown) => createHash('sha256').update(String(method)).digest('hex').slice(0, 16);

  it("are those of TypeORM 0.3.31: the driver's pg pool is its `master`, made by createPool", () => {
    const typeorm = JSON.parse(readFileSync(require.resolve('typeorm').replace(/index\.js$/, 'package.json'), 'utf8'));
    expect(typeorm.version).toBe('0.3.31');
    expect(fingerprint(PostgresDriver.prototype.connect)).toBe('522e2cc0910383ce');
    expect(fingerprint((PostgresDriver.prototype as unknown as { createPool: unknown }).createPool)).toBe('927d9f7b77daae44');
  });
});
