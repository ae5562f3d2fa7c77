import type { ConsumerLag, TopicPositions } from '@herald/kafka';
import { StatusWatermark } from './status-watermark.service';

describe('StatusWatermark', () => {
  const positions: TopicPositions[] = [];
  const watermark = new StatusWatermark({ positions: async () => positions.shift() as TopicPositions } as unknown as ConsumerLag);
  const at = (ends: number[], committed: number[]): TopicPositions => ({
    ends: new Map(ends.map((offset, partition) => [partition, offset])),
    committed: new Map(committed.map((offset, partition) => [partition, offset])),
  });

  it('reaches a moment only once every partition has processed what was published by then', async () => {
    positions.push(at([10, 5], [8, 5]));
    expect(await watermark.caughtUpTo()).toBeNull();
    const first = new Date();
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Still short of the first snapshot on partition 0, while new events keep arriving.
    positions.push(at([12, 7], [9, 7]));
    expect(await watermark.caughtUpTo()).toBeNull();
    // Past the first snapshot, not the second: the watermark is the first.
    positions.push(at([15, 9], [10, 6]));
    const reached = await watermark.caughtUpTo();
    expect(reached?.getTime()).toBeGreaterThanOrEqual(first.getTime() - 5);
    expect(reached?.getTime()).toBeLessThan(first.getTime() + 5);
    // Everything published so far processed: the newest snapshot.
    positions.push(at([15, 9], [15, 9]));
    const latest = await watermark.caughtUpTo();
    expect(latest?.getTime()).toBeGreaterThan(reached?.getTime() ?? 0);
  });
});
