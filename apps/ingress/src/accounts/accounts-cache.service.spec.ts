import { AccountsCache } from './accounts-cache.service';
import { AccountsChangesEvents, AccountsChangesRepository } from './accounts-changes.repository';

/** The LISTEN connection, listening at once: the cache serves only while it hears account changes. */
class FakeChanges implements Pick<AccountsChangesRepository, 'listen'> {
  events: AccountsChangesEvents | undefined;
  listen(events: AccountsChangesEvents) {
    this.events = events;
    setImmediate(() => events.listening());
    return { close: async () => undefined };
  }
}

describe('AccountsCache', () => {
  let changes: FakeChanges;
  let cache: AccountsCache;
  const load = jest.fn<Promise<{ teamUuid: string } | null>, []>();

  beforeEach(async () => {
    changes = new FakeChanges();
    cache = new AccountsCache(changes);
    load.mockResolvedValue(null);
    // The first lookup starts listening; it is not served from the cache.
    await cache.get('warm-up', load);
    await new Promise((resolve) => setImmediate(resolve));
    load.mockClear();
  });

  afterEach(async () => {
    await cache.onApplicationShutdown();
  });

  it('looks a bad key up once within the time it is remembered', async () => {
    for (let i = 0; i < 5; i += 1) expect(await cache.get('key:bad', load)).toBeNull();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('forgets a key it did not find as soon as a change is announced', async () => {
    expect(await cache.get('key:new', load)).toBeNull();
    changes.events?.changed();
    load.mockResolvedValue({ teamUuid: 't' });
    expect(await cache.get('key:new', load)).toEqual({ teamUuid: 't' });
    expect(await cache.get('key:new', load)).toEqual({ teamUuid: 't' });
    expect(load).toHaveBeenCalledTimes(2);
  });
});
