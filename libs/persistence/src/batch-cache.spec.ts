import { BatchCache } from './batch-cache';

describe('BatchCache', () => {
  const loader = (rows: Record<string, string>) => {
    const calls: string[][] = [];
    const load = async (missing: string[]) => {
      calls.push(missing);
      return new Map(missing.filter((key) => key in rows).map((key) => [key, rows[key]]));
    };
    return { calls, load };
  };

  it('loads what memory lacks in one call, once, and answers the rest from memory', async () => {
    const cache = new BatchCache<string>({ max: 10, ttlMs: 60_000 });
    const { calls, load } = loader({ a: 'A', b: 'B' });

    expect(await cache.getMany(['a', 'b', 'a'], load)).toEqual(new Map([['a', 'A'], ['b', 'B']]));
    expect(await cache.getMany(['b', 'a'], load)).toEqual(new Map([['b', 'B'], ['a', 'A']]));
    expect(calls).toEqual([['a', 'b']]);
  });

  it('does not remember what the load did not find', async () => {
    const cache = new BatchCache<string>({ max: 10, ttlMs: 60_000 });
    const { calls, load } = loader({ a: 'A' });

    expect(await cache.getMany(['a', 'later'], load)).toEqual(new Map([['a', 'A']]));
    await cache.getMany(['a', 'later'], load);
    expect(calls).toEqual([['a', 'later'], ['later']]);
  });

  it('keeps a value set while a load was under way, not the older one the load read', async () => {
    const cache = new BatchCache<string>({ max: 10, ttlMs: 60_000 });
    let release!: () => void;
    const racing = cache.getMany(['a'], async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return new Map([['a', 'old']]);
    });
    await Promise.resolve();
    cache.set('a', 'new');
    release();

    expect(await racing).toEqual(new Map([['a', 'old']]));
    expect(await cache.getMany(['a'], loader({}).load)).toEqual(new Map([['a', 'new']]));
  });

  it('reads again once an entry is older than ttlMs', async () => {
    const cache = new BatchCache<string>({ max: 10, ttlMs: 20 });
    const { calls, load } = loader({ a: 'A' });
    await cache.getMany(['a'], load);
    await new Promise((resolve) => setTimeout(resolve, 40));
    await cache.getMany(['a'], load);

    expect(calls).toEqual([['a'], ['a']]);
  });
});
