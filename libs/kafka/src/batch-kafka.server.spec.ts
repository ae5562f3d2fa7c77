import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import { BatchKafkaServer } from './batch-kafka.server';

/** The part of a kafkajs consumer the server drives, with its events raised by the test. */
class FakeConsumer extends EventEmitter {
  readonly events = { CRASH: 'consumer.crash', GROUP_JOIN: 'consumer.group_join' };
  readonly connect = jest.fn(async () => undefined);
  readonly run = jest.fn(async (_config: unknown) => undefined);
  readonly subscribe = jest.fn(async () => undefined);

  crash(restart: boolean): void {
    this.emit(this.events.CRASH, { payload: { error: new Error('Failed to find group coordinator'), groupId: 'herald-test', restart } });
  }
}

describe('BatchKafkaServer', () => {
  let server: BatchKafkaServer;
  let consumer: FakeConsumer;

  beforeEach(async () => {
    jest.useFakeTimers();
    // The waits are drawn between half of each step and all of it: pinned here to three quarters.
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    server = new BatchKafkaServer({ client: { brokers: ['127.0.0.1:1'] }, run: { partitionsConsumedConcurrently: 2 } });
    jest.spyOn(server['logger'], 'warn').mockImplementation(() => undefined);
    consumer = new FakeConsumer();
    await server.bindEvents(consumer as unknown as Consumer);
  });

  afterEach(async () => {
    await server.close();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('runs the consumer again, as it ran, after a crash kafkajs leaves it stopped after', async () => {
    expect(consumer.run).toHaveBeenCalledTimes(1);
    consumer.crash(false);
    await jest.advanceTimersByTimeAsync(749);
    expect(consumer.run).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(consumer.connect).toHaveBeenCalledTimes(1);
    expect(consumer.run).toHaveBeenCalledTimes(2);
    expect(consumer.run.mock.calls[1][0]).toBe(consumer.run.mock.calls[0][0]);
  });

  it('leaves the crashes kafkajs recovers from to kafkajs', async () => {
    consumer.crash(true);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(consumer.run).toHaveBeenCalledTimes(1);
  });

  it('waits twice as long after each try that does not get the consumer back into its group, and tries again when one fails', async () => {
    consumer.crash(false);
    await jest.advanceTimersByTimeAsync(750);
    consumer.crash(false);
    await jest.advanceTimersByTimeAsync(1_499);
    expect(consumer.run).toHaveBeenCalledTimes(2);
    consumer.connect.mockRejectedValueOnce(new Error('connect ECONNREFUSED'));
    await jest.advanceTimersByTimeAsync(1);
    expect(consumer.run).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(3_000);
    expect(consumer.run).toHaveBeenCalledTimes(3);

    consumer.emit(consumer.events.GROUP_JOIN, { payload: {} });
    consumer.crash(false);
    await jest.advanceTimersByTimeAsync(750);
    expect(consumer.run).toHaveBeenCalledTimes(4);
  });

  it('does not run a consumer again once the server is closing', async () => {
    consumer.crash(false);
    await server.close();
    consumer.crash(false);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(consumer.run).toHaveBeenCalledTimes(1);
  });
});
