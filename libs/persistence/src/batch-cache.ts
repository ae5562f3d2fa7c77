import { LRUCache } from 'lru-cache';

/**
 * Rows of a service's own tables kept in memory for a while and looked up a batch at a time: what memory does not
 * hold is loaded in one call. `set`, for a change this replica made or consumed, replaces an entry at once; a load
 * that raced it keeps nothing of what it read, which may predate the change. What the load does not find is not
 * remembered, so it is looked up again next time (a row on its way).
 */
export class BatchCache<V extends NonNullable<unknown>> {
  private readonly entries: LRUCache<string, V>;
  private generation = 0;

  constructor(options: { max: number; ttlMs: number }) {
    this.entries = new LRUCache<string, V>({ max: options.max, ttl: options.ttlMs });
  }

  set(key: string, value: V): void {
    this.generation += 1;
    this.entries.set(key, value);
  }

  async getMany(keys: Iterable<string>, load: (missing: string[]) => Promise<Map<string, V>>): Promise<Map<string, V>> {
    const found = new Map<string, V>();
    const missing: string[] = [];
    for (const key of new Set(keys)) {
      const value = this.entries.get(key);
      if (value !== undefined) found.set(key, value);
      else missing.push(key);
    }
    if (missing.length === 0) return found;
    const generation = this.generation;
    const loaded = await load(missing);
    for (const key of missing) {
      const value = loaded.get(key);
      if (value === undefined) continue;
      found.set(key, value);
      if (generation === this.generation) this.entries.set(key, value);
    }
    return found;
  }
}
