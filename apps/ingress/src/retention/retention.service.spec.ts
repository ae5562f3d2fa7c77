import { SchedulerRegistry } from '@nestjs/schedule';
import type { MessageLedgerRepository } from '@herald/ledger';
import { IngressConfig } from '../config/ingress.config';
import type { IdempotencyKeysRepository } from '../idempotency/idempotency-keys.repository';
import { RETAINED_HOURS, RetentionService } from './retention.service';

/** Repositories answering each deletion with the next count of rows, and noting what was asked of them. */
function harness(counts: number[], config = new IngressConfig()) {
  const statements: Array<{ text: string; values: unknown[] }> = [];
  const deletion = (text: string) => async (hours: number, limit: number) => {
    statements.push({ text, values: [hours, limit] });
    return counts.shift() ?? 0;
  };
  const keys = { deleteExpired: deletion('idempotency_keys') } as unknown as IdempotencyKeysRepository;
  const ledger = { deleteWithdrawn: deletion('messages') } as unknown as MessageLedgerRepository;
  const scheduler = new SchedulerRegistry();
  const service = new RetentionService(keys, ledger, config, scheduler);
  return { service, statements, scheduler };
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

describe('RetentionService schedule', () => {
  const config = Object.assign(new IngressConfig(), { RETENTION_SWEEP_INTERVAL_MS: 60_000 });

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** A service whose sweeps wait until `finish` is called. */
  function scheduled() {
    const { service, scheduler } = harness([], config);
    let finish: () => void = () => undefined;
    const sweep = jest
      .spyOn(service, 'sweep')
      .mockImplementation(
        () => new Promise((resolve) => (finish = () => resolve({ keys: 0, withdrawn: 0 }))),
      );
    service.onApplicationBootstrap();
    return { service, scheduler, sweep, finish: () => finish() };
  }

  it('registers the sweep with the SchedulerRegistry and runs it first one RETENTION_SWEEP_INTERVAL_MS after start', () => {
    const { scheduler, sweep } = scheduled();
    expect(scheduler.getIntervals()).toStrictEqual(['retention-sweep']);
    jest.advanceTimersByTime(59_999);
    expect(sweep).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(sweep).toHaveBeenCalledTimes(1);
  });

  it('skips a tick while a sweep is under way, and sweeps at the next tick once it is done', async () => {
    const { sweep, finish } = scheduled();
    jest.advanceTimersByTime(3 * 60_000);
    expect(sweep).toHaveBeenCalledTimes(1);
    finish();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(sweep).toHaveBeenCalledTimes(2);
  });

  it('at shutdown leaves the registry, starts no sweep, and waits for the one under way', async () => {
    const { service, scheduler, sweep, finish } = scheduled();
    jest.advanceTimersByTime(60_000);
    let stopped = false;
    const stopping = service.beforeApplicationShutdown().then(() => (stopped = true));
    expect(scheduler.getIntervals()).toStrictEqual([]);
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    jest.advanceTimersByTime(10 * 60_000);
    expect(sweep).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});
