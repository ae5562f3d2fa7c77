import { EventEmitter } from 'node:events';
import { BaseConfig } from '@herald/config';
import { AccountsCache } from './accounts-cache.service';

/** The LISTEN connection, answering at once: the cache serves only while it hears account changes. */
class FakeListener extends EventEmitter {
  static last: FakeListener;
  constructor() {
    super();
    FakeListener.last = this;
  }
  connect = async () => undefined;
  query = async () => ({ rows: [] });
  end = async () => undefined;
}

jest.mock('pg', () => ({ Client: jest.fn(() => new FakeListener()) }));

describe('AccountsCache', () => {
  let cache: AccountsCache;
  const load = jest.fn<Promise<{ teamUuid: string } | null>, []>();

  beforeEach(async () => {
    cache = new AccountsCache(new BaseConfig());
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
    FakeListener.last.emit('notification', {});
    load.mockResolvedValue({ teamUuid: 't' });
    expect(await cache.get('key:new', load)).toEqual({ teamUuid: 't' });
    expect(await cache.get('key:new', load)).toEqual({ teamUuid: 't' });
    expect(load).toHaveBeenCalledTimes(2);
  });
});
