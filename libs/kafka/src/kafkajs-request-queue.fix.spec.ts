import { createHash } from 'node:crypto';
import './kafkajs-request-queue.fix';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue');

describe('the kafkajs request queue fix', () => {
  const queue = () => {
    const instance = Object.create(RequestQueue.prototype);
    Object.assign(instance, { pending: [], throttledUntil: -1, throttleCheckTimeoutId: null, checkPendingRequests: jest.fn() });
    return instance;
  };

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('schedules nothing while no request waits (kafkajs 2.2.4 re-armed a 1 ms timer for ever)', () => {
    const idle = queue();
    idle.scheduleCheckPendingRequests();
    expect(idle.throttleCheckTimeoutId).toBeNull();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('checks a waiting request again after the throttle, or after 10 ms when it waits for an in-flight slot', () => {
    const throttled = queue();
    throttled.pending.push({});
    throttled.throttledUntil = Date.now() + 250;
    throttled.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(249);
    expect(throttled.checkPendingRequests).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(throttled.checkPendingRequests).toHaveBeenCalledTimes(1);

    const busy = queue();
    busy.pending.push({});
    busy.scheduleCheckPendingRequests();
    busy.scheduleCheckPendingRequests();
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(10);
    expect(busy.checkPendingRequests).toHaveBeenCalledTimes(1);
  });
});

describe('the kafkajs internals the request queue fix relies on', () => {
  const fingerprint = (method: unknown) => createHash('sha256').update(String(method)).digest('hex').slice(0, 16);
  // kafkajs as published, before the fix replaced anything.
  let published: { prototype: Record<string, unknown> } = RequestQueue;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  jest.isolateModules(() => (published = require('kafkajs/src/network/requestQueue')));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const version: string = require('kafkajs/package.json').version;

  it('are those of kafkajs 2.2.4: a change there means the fix is to be checked again, or dropped', () => {
    expect(version).toBe('2.2.4');
    expect(fingerprint(published.prototype.scheduleCheckPendingRequests)).toBe('04347ea969c6f2e3');
    expect(fingerprint(published.prototype.checkPendingRequests)).toBe('fc4cd8b28808b498');
  });

  it('are replaced as @herald/kafka loads, in the module every kafkajs client then uses', () => {
    let loaded: { prototype: Record<string, unknown> } = published;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('./index');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require('kafkajs/src/network/requestQueue');
    });
    expect(fingerprint(loaded.prototype.scheduleCheckPendingRequests)).toBe(fingerprint(RequestQueue.prototype.scheduleCheckPendingRequests));
    expect(fingerprint(loaded.prototype.scheduleCheckPendingRequests)).not.toBe('04347ea969c6f2e3');
  });
});
