import { KafkaContext } from '@nestjs/microservices';
import { envelope, MessageRequestedEvent, Topics } from '@herald/contracts';
import { EventProcessor, PoisonEventError } from './event-processor.service';
import { EventPublisher } from './event-publisher.service';

describe('EventProcessor', () => {
  const published: Array<{ topic: string; value: Buffer | string | null; headers: Record<string, string> }> = [];
  const publisher = {
    publishRaw: jest.fn(async (topic: string, _key: unknown, value: Buffer | string | null, headers: Record<string, string>) => {
      published.push({ topic, value, headers });
    }),
  } as unknown as EventPublisher;
  const processor = new EventProcessor(publisher);
  const fastRetry = { attempts: 3, initialDelayMs: 1, maxDelayMs: 2 };

  const contextFor = (value: Buffer) =>
    ({
      getMessage: () => ({ key: Buffer.from('k'), value, offset: '41', headers: { origin: Buffer.from('test') } }),
      getTopic: () => Topics.MessageRequested,
      getPartition: () => 2,
      getHeartbeat: () => async () => undefined,
    }) as unknown as KafkaContext;

  const validEvent = () =>
    Buffer.from(
      JSON.stringify(
        envelope(Topics.MessageRequested, {
          messageUuid: '0123456789abcdef0123456789abcdef',
          teamUuid: '00000000-0000-4000-8000-000000000001',
          channelUuid: '00000000-0000-4000-8000-000000000002',
          to: '+15550001111',
          request: { to: '+15550001111', from: 'whatsapp', type: 'text', content: { text: 'Hi' } },
          acceptedAt: new Date().toISOString(),
        }),
      ),
    );

  beforeEach(() => {
    published.length = 0;
  });

  it('hands a valid event, as its contract class, to the work', async () => {
    const work = jest.fn(async () => undefined);
    await processor.process(contextFor(validEvent()), MessageRequestedEvent, work, fastRetry);
    expect(work).toHaveBeenCalledTimes(1);
    expect(work.mock.calls[0]).toEqual([expect.any(MessageRequestedEvent)]);
    expect(published).toEqual([]);
  });

  it.each([
    ['unparseable bytes', Buffer.from('{not json'), 'event is not valid JSON'],
    ['an unknown version', Buffer.from(JSON.stringify({ version: 2 })), 'unknown event version 2'],
    ['a broken contract', Buffer.from(JSON.stringify({ ...JSON.parse(validEvent().toString()), data: { to: 1 } })), 'event does not match its contract'],
  ])('dead-letters %s at once, with the original bytes and the reason, without running the work', async (_case, value, reason) => {
    const work = jest.fn(async () => undefined);
    await processor.process(contextFor(value), MessageRequestedEvent, work, fastRetry);
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
  });

  it('retries failing work a bounded number of times, then dead-letters it instead of looping', async () => {
    const work = jest.fn(async () => {
      throw new Error('duplicate key value violates unique constraint');
    });
    await processor.process(contextFor(validEvent()), MessageRequestedEvent, work, fastRetry);
    expect(work).toHaveBeenCalledTimes(3);
    expect(published.map((event) => event.headers['x-dead-letter-reason'])).toEqual(['duplicate key value violates unique constraint']);
  });

  it('waits out an outage of the database or the broker however many attempts it takes, and dead-letters nothing', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const typeormWrapped = Object.assign(new Error('Query failed'), { driverError: { code: '57P01', message: 'terminating connection' } });
    const brokerDown = Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError' });
    const work = jest.fn().mockRejectedValueOnce(refused).mockRejectedValueOnce(typeormWrapped).mockRejectedValueOnce(brokerDown);
    work.mockRejectedValueOnce(refused).mockResolvedValueOnce(undefined);
    await processor.process(contextFor(validEvent()), MessageRequestedEvent, work, fastRetry);
    expect(work).toHaveBeenCalledTimes(5);
    expect(published).toEqual([]);
  });

  it('stops retrying once the work succeeds', async () => {
    const work = jest.fn().mockRejectedValueOnce(new Error('blip')).mockResolvedValueOnce(undefined);
    await processor.process(contextFor(validEvent()), MessageRequestedEvent, work, fastRetry);
    expect(work).toHaveBeenCalledTimes(2);
    expect(published).toEqual([]);
  });

  it('does not retry work that says the event is poison', async () => {
    const work = jest.fn(async () => {
      throw new PoisonEventError('no such channel');
    });
    await processor.process(contextFor(validEvent()), MessageRequestedEvent, work, fastRetry);
    expect(work).toHaveBeenCalledTimes(1);
    expect(published).toHaveLength(1);
  });

  it('lets the error through when even the dead-letter topic cannot be written, so the offset is not committed', async () => {
    (publisher.publishRaw as jest.Mock).mockRejectedValueOnce(new Error('broker gone'));
    await expect(
      processor.process(contextFor(Buffer.from('garbage')), MessageRequestedEvent, async () => undefined, fastRetry),
    ).rejects.toThrow('broker gone');
  });
});
