import { Logger } from '@nestjs/common';
import { envelope, MessageReadyEvent, MessageRequestedEvent, Topics } from '@herald/contracts';
import type { EachBatchPayload } from 'kafkajs';
import { EventProcessor, PoisonEventError } from './event-processor.service';
import { EventPublisher } from './event-publisher.service';
import { KafkaBatch } from './kafka-batch';

describe('EventProcessor', () => {
  const published: Array<{ topic: string; value: Buffer | string | null; headers: Record<string, string> }> = [];
  const publisher = {
    publishRaw: jest.fn(async (topic: string, _key: unknown, value: Buffer | string | null, headers: Record<string, string>) => {
      published.push({ topic, value, headers });
    }),
  } as unknown as EventPublisher;
  const processor = new EventProcessor(publisher);
  const fastRetry = { attempts: 3, initialDelayMs: 1, maxDelayMs: 2 };

  let resolved: string[] = [];
  let running = true;
  /** A batch of partition 2 (or another) of message.requested, offsets from 41 on. */
  const batchOf = (...values: Buffer[]) => batchOfPartition(2, ...values);
  const batchOfPartition = (partition: number, ...values: Buffer[]) => batchBeating(async () => undefined, partition, ...values);
  const batchBeating = (heartbeat: () => Promise<void>, partition: number, ...values: Buffer[]) =>
    new KafkaBatch({
      batch: {
        topic: Topics.MessageRequested,
        partition,
        messages: values.map((value, index) => ({
          key: Buffer.from('k'),
          value,
          offset: String(41 + index),
          timestamp: String(1_764_000_000_000 + index),
          headers: { origin: Buffer.from('test') },
        })),
      },
      resolveOffset: (offset: string) => resolved.push(offset),
      heartbeat,
      isRunning: () => running,
      isStale: () => false,
    } as unknown as EachBatchPayload);
  const contextFor = (value: Buffer) => batchOf(value);

  const validEvent = (to = '+15550001111') =>
    Buffer.from(
      JSON.stringify(
        envelope(Topics.MessageRequested, {
          messageUuid: '0123456789abcdef0123456789abcdef',
          teamUuid: '00000000-0000-4000-8000-000000000001',
          channelUuid: '00000000-0000-4000-8000-000000000002',
          to,
          request: { to, from: 'whatsapp', type: 'text', content: { text: 'Hi' } },
          acceptedAt: new Date().toISOString(),
        }),
      ),
    );

  // Dead letters are logged at error and retries at warn: captured here, and asserted where a test is about them.
  const logged = { error: jest.spyOn(Logger.prototype, 'error'), warn: jest.spyOn(Logger.prototype, 'warn') };
  const errorsLogged = () => logged.error.mock.calls.map(([message]) => message as string);
  afterAll(() => jest.restoreAllMocks());

  beforeEach(() => {
    logged.error.mockReset().mockImplementation(() => undefined);
    logged.warn.mockReset().mockImplementation(() => undefined);
    published.length = 0;
    resolved = [];
    running = true;
  });

  it("hands the work each event's record timestamp beside it, the poison ones left out of both", async () => {
    const work = jest.fn(async (_events: MessageRequestedEvent[], _records: Array<{ timestamp: Date }>) => undefined);
    await processor.process(batchOf(Buffer.from('not json'), validEvent('+15550000002')), Topics.MessageRequested, work, { retry: fastRetry });
    expect(work.mock.calls[0][0].map((event) => event.data.to)).toEqual(['+15550000002']);
    expect(work.mock.calls[0][1]).toEqual([{ timestamp: new Date(1_764_000_000_001) }]);
  });

  it('hands the valid events of a batch, as their contract class and in order, to one run of the work, then resolves the batch', async () => {
    const work = jest.fn(async (_events: MessageRequestedEvent[]) => undefined);
    await processor.process(batchOf(validEvent('+15550000001'), validEvent('+15550000002')), Topics.MessageRequested, work, { retry: fastRetry });
    expect(work).toHaveBeenCalledTimes(1);
    expect(work.mock.calls[0][0]).toEqual([expect.any(MessageRequestedEvent), expect.any(MessageRequestedEvent)]);
    expect(work.mock.calls[0][0].map((event) => event.data.to)).toEqual(['+15550000001', '+15550000002']);
    expect(resolved).toEqual(['42']);
    expect(published).toEqual([]);
  });

  it('works the batches of several partitions that arrive together in one run, and resolves each', async () => {
    const work = jest.fn(async (_events: MessageRequestedEvent[]) => undefined);
    await Promise.all([
      processor.process(batchOfPartition(0, validEvent('+15550000001')), Topics.MessageRequested, work, { retry: fastRetry }),
      processor.process(batchOfPartition(1, validEvent('+15550000002'), validEvent('+15550000003')), Topics.MessageRequested, work, { retry: fastRetry }),
    ]);
    expect(work.mock.calls.map(([events]) => events.map((event) => event.data.to))).toEqual([['+15550000001', '+15550000002', '+15550000003']]);
    expect(resolved.sort()).toEqual(['41', '42']);
  });

  it('passes over the events the consumer has no use for, unchecked, and still resolves them', async () => {
    const work = jest.fn(async (_events: MessageRequestedEvent[]) => undefined);
    const ignored = Buffer.from(JSON.stringify({ ...JSON.parse(validEvent().toString()), data: { messageUuid: 'not mine', to: 1 } }));
    await processor.process(batchOf(ignored, validEvent('+15550000002')), Topics.MessageRequested, work, {
      ignore: (event) => event.data?.messageUuid === 'not mine',
    });
    expect(work.mock.calls.map(([events]) => events.map((event) => event.data.to))).toEqual([['+15550000002']]);
    expect(published).toEqual([]);
    expect(resolved).toEqual(['42']);
  });

  it('sets a poison event of a batch aside and works on the others', async () => {
    const work = jest.fn(async (_events: MessageRequestedEvent[]) => undefined);
    await processor.process(batchOf(validEvent('+15550000001'), Buffer.from('{not json'), validEvent('+15550000003')), Topics.MessageRequested, work, { retry: fastRetry });
    expect(work.mock.calls.map(([events]) => events.map((event) => event.data.to))).toEqual([['+15550000001', '+15550000003']]);
    expect(published.map((event) => event.headers['x-dead-letter-offset'])).toEqual(['42']);
    expect(resolved).toEqual(['43']);
    expect(errorsLogged()).toEqual(['message.requested@2:42 dead-lettered: event is not valid JSON']);
  });

  it('works a failing batch one event at a time, so only the event that fails by itself is dead-lettered', async () => {
    const work = jest.fn(async (events: MessageRequestedEvent[]) => {
      if (events.some((event) => event.data.to === '+15550000002')) throw new Error('no such channel');
    });
    await processor.process(batchOf(validEvent('+15550000001'), validEvent('+15550000002'), validEvent('+15550000003')), Topics.MessageRequested, work, { retry: fastRetry });
    // The batch once, then each event alone; the failing one its three attempts.
    expect(work.mock.calls.map(([events]) => events.length)).toEqual([3, 1, 1, 1, 1, 1]);
    expect(published.map((event) => [event.headers['x-dead-letter-offset'], event.headers['x-dead-letter-reason']])).toEqual([['42', 'no such channel']]);
    expect(resolved).toEqual(['43']);
    expect(errorsLogged()).toEqual(['message.requested@2:42 dead-lettered: no such channel']);
  });

  it('retries a whole batch through an outage, without splitting it or dead-lettering anything', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const work = jest.fn().mockRejectedValueOnce(refused).mockRejectedValueOnce(refused).mockResolvedValueOnce(undefined);
    await processor.process(batchOf(validEvent('+15550000001'), validEvent('+15550000002')), Topics.MessageRequested, work, { retry: fastRetry });
    expect(work.mock.calls.map(([events]) => events.length)).toEqual([2, 2, 2]);
    expect(published).toEqual([]);
    expect(resolved).toEqual(['42']);
  });

  it('stops without resolving when the consumer stops during the retries, so the batch is delivered again', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const work = jest.fn(async () => {
      running = false;
      throw refused;
    });
    await processor.process(batchOf(validEvent()), Topics.MessageRequested, work, { retry: fastRetry });
    expect(work).toHaveBeenCalledTimes(1);
    expect(resolved).toEqual([]);
    expect(published).toEqual([]);
  });

  it('hands kafkajs a heartbeat the group refused between attempts, retrying and dead-lettering nothing', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    // Retriable to kafkajs, so an outage to isTransientFailure: it must not be waited out as one.
    const rebalancing = Object.assign(new Error('The group is rebalancing, so a rejoin is needed'), { name: 'KafkaJSProtocolError', retriable: true });
    const batch = batchBeating(
      async () => {
        throw rebalancing;
      },
      2,
      validEvent(),
    );
    const work = jest.fn().mockRejectedValue(refused);
    await expect(processor.process(batch, Topics.MessageRequested, work, { retry: fastRetry })).rejects.toBe(rebalancing);
    expect(work).toHaveBeenCalledTimes(1);
    expect(resolved).toEqual([]);
    expect(published).toEqual([]);
  });

  it.each([
    ['unparseable bytes', Buffer.from('{not json'), 'event is not valid JSON'],
    ['an unknown version', Buffer.from(JSON.stringify({ version: 2 })), 'unknown event version 2'],
    ['a broken contract', Buffer.from(JSON.stringify({ ...JSON.parse(validEvent().toString()), data: { to: 1 } })), 'event does not match its contract'],
  ])('dead-letters %s at once, with the original bytes and the reason, without running the work', async (_case, value, reason) => {
    const work = jest.fn(async () => undefined);
    await processor.process(contextFor(value), Topics.MessageRequested, work, { retry: fastRetry });
    expect(work).not.toHaveBeenCalled();
    expect(published).toHaveLength(1);
    expect(published[0].topic).toBe('message.requested.dead-letter');
    expect(published[0].value).toEqual(value);
    expect(published[0].headers).toMatchObject({
      origin: 'test',
      'x-dead-letter-topic': 'message.requested',
      'x-dead-letter-partition': '2',
      'x-dead-letter-offset': '41',
    });
    expect(published[0].headers['x-dead-letter-reason']).toContain(reason);
    expect(errorsLogged()).toEqual([expect.stringContaining(`message.requested@2:41 dead-lettered: ${reason}`)]);
  });

  it('retries failing work a bounded number of times, then dead-letters it instead of looping', async () => {
    const work = jest.fn(async () => {
      throw new Error('duplicate key value violates unique constraint');
    });
    await processor.process(contextFor(validEvent()), Topics.MessageRequested, work, { retry: fastRetry });
    expect(work).toHaveBeenCalledTimes(3);
    expect(published.map((event) => event.headers['x-dead-letter-reason'])).toEqual(['duplicate key value violates unique constraint']);
    expect(errorsLogged()).toEqual(['message.requested@2:41 dead-lettered: duplicate key value violates unique constraint']);
  });

  it('waits out an outage of the database or the broker however many attempts it takes, and dead-letters nothing', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const typeormWrapped = Object.assign(new Error('Query failed'), { driverError: { code: '57P01', message: 'terminating connection' } });
    const brokerDown = Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError' });
    const work = jest.fn().mockRejectedValueOnce(refused).mockRejectedValueOnce(typeormWrapped).mockRejectedValueOnce(brokerDown);
    work.mockRejectedValueOnce(refused).mockResolvedValueOnce(undefined);
    await processor.process(contextFor(validEvent()), Topics.MessageRequested, work, { retry: fastRetry });
    expect(work).toHaveBeenCalledTimes(5);
    expect(published).toEqual([]);
  });

  it('stops retrying once the work succeeds', async () => {
    const work = jest.fn().mockRejectedValueOnce(new Error('blip')).mockResolvedValueOnce(undefined);
    await processor.process(contextFor(validEvent()), Topics.MessageRequested, work, { retry: fastRetry });
    expect(work).toHaveBeenCalledTimes(2);
    expect(published).toEqual([]);
  });

  it('does not retry work that says the event is poison', async () => {
    const work = jest.fn(async () => {
      throw new PoisonEventError('no such channel');
    });
    await processor.process(contextFor(validEvent()), Topics.MessageRequested, work, { retry: fastRetry });
    expect(work).toHaveBeenCalledTimes(1);
    expect(published).toHaveLength(1);
  });

  it("checks a batch's events against the class the catalogue gives its topic", async () => {
    const work = jest.fn(async (_events: MessageRequestedEvent[]) => undefined);
    await processor.process(batchOf(validEvent('+15550000001')), Topics.MessageRequested, work, { retry: fastRetry });
    expect(work.mock.calls.map(([events]) => events.map((event) => [event instanceof MessageRequestedEvent, event.data.to]))).toEqual([
      [[true, '+15550000001']],
    ]);
  });

  it('refuses a batch of another topic than the handler names, before reading an event of it', async () => {
    const work = jest.fn(async () => undefined);
    await expect(processor.process(batchOf(validEvent()), Topics.MessageReady, work)).rejects.toThrow(
      'a handler of message.ready was given a batch of message.requested',
    );
    expect(work).not.toHaveBeenCalled();
    expect(resolved).toEqual([]);
    expect(published).toEqual([]);
  });

  // Never called: `typecheck` holds each line below to fail to compile, as @ts-expect-error says it must.
  const handledWrongly = (batch: KafkaBatch) => [
    // @ts-expect-error work for message.ready's events handed message.requested's
    processor.process(batch, Topics.MessageRequested, async (events: MessageReadyEvent[]) => events),
    // @ts-expect-error a topic outside the catalogue
    processor.process(batch, 'message.requested.v0', async () => undefined),
    // @ts-expect-error a field message.requested's data does not have
    processor.process(batch, Topics.MessageRequested, async () => undefined, { ignore: (event) => event.data?.outbound === undefined }),
  ];
  void handledWrongly;

  it('lets the error through when even the dead-letter topic cannot be written, so the offset is not committed', async () => {
    (publisher.publishRaw as jest.Mock).mockRejectedValueOnce(new Error('broker gone'));
    await expect(
      processor.process(contextFor(Buffer.from('garbage')), Topics.MessageRequested, async () => undefined, { retry: fastRetry }),
    ).rejects.toThrow('broker gone');
  });
});
