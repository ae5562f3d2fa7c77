import { DataSource } from 'typeorm';
import { IngressConfig } from '../config/ingress.config';
import { RETAINED_HOURS, RetentionService } from './retention.service';

/** The pool queryRows reaches through the DataSource, answering each statement with the next count of rows. */
function harness(counts: number[]) {
  const statements: Array<{ text: string; values: unknown[] }> = [];
  const pool = {
    query: async ({ text, values }: { text: string; values: unknown[] }) => {
      statements.push({ text, values });
      return { rows: Array.from({ length: counts.shift() ?? 0 }, () => ({})) };
    },
  };
  const service = new RetentionService({ driver: { master: pool } } as unknown as DataSource, new IngressConfig());
  return { service, statements };
}

describe('RetentionService.sweep', () => {
  it('deletes a chunk at a time until a chunk comes back short, keys first, then withdrawn rows', async () => {
    const { service, statements } = harness([5_000, 5_000, 12, 4_999]);
    await expect(service.sweep()).resolves.toEqual({ keys: 10_012, withdrawn: 4_999 });
    expect(statements.map((statement) => (statement.text.includes('idempotency_keys') ? 'keys' : 'messages'))).toEqual([
      'keys',
      'keys',
      'keys',
      'messages',
    ]);
    expect(statements.every((statement) => statement.values[0] === RETAINED_HOURS && statement.values[1] === 5_000)).toBe(true);
  });
});
