import type { ConsumerLag, TopicPositions } from '@herald/kafka';
import { MAX_STATUS_SNAPSHOTS, StatusWatermark } from './status-watermark.service';

describe('StatusWatermark', () => {
  const positions: TopicPositions[] = [];
  const watermark = new StatusWatermark({ positions: async () => positions.shift() as TopicPositions } as unknown as ConsumerLag);
  const at = (ends: number[], committed: number[]): TopicPositions => ({
    ends: new Map(ends.map((offset, partition) => [partition, offset])),
    committed: new Map(committed.map((offset, partition) => [partition, offset])),
  });
  // The snapshots' times come from the clock: a fixed one, so that a busy machine cannot move them.
  const start = Date.parse('2026-11-25T10:00:00.000Z');
  beforeAll(() => jest.useFakeTimers({ now: start }));
  afterAll(() => jest.useRealTimers());

  it('reaches a moment only once every partition has processed what was published by then', async () => {
    positions.push(at([10, 5], [8, 5]));
    expect(await watermark.caughtUpTo()).toBeNull();
    jest.setSystemTime(start + 1_000);
    // Still short of the first snapshot on partition 0, while new events keep arriving.
    positions.push(at([12, 7], [9, 7]));
    expect(await watermark.caughtUpTo()).toBeNull();
    jest.setSystemTime(start + 2_000);
    // Past the first snapshot, not the second: the watermark is the first.
    positions.push(at([15, 9], [10, 6]));
    expect((await watermark.caughtUpTo())?.getTime()).toBe(start);
    jest.setSystemTime(start + 3_000);
    // Everything published so far processed: the newest snapshot.
    positions.push(at([15, 9], [15, 9]));
    expect((await watermark.caughtUpTo())?.getTime()).toBe(start + 3_000);
  });

  it('keeps a bounded number of snapshots however often it is asked, and never reaches one it let go', async () => {
    const busy = new StatusWatermark({ positions: async () => at([100], [0]) } as unknown as ConsumerLag);
    for (let i = 0; i < MAX_STATUS_SNAPSHOTS + 100; i += 1) expect(await busy.caughtUpTo()).toBeNull();
    expect(busy['snapshots']).toHaveLength(MAX_STATUS_SNAPSHOTS);
  });
});
