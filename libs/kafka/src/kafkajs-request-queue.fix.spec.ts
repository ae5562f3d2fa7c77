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
