import type { ClientKafka } from '@nestjs/microservices';
import type { BaseConfig } from '@herald/config';
import type { ProducerBatch } from 'kafkajs';
import { EventPublisher, EventTooLargeError, MAX_PRODUCE_REQUEST_BYTES } from './event-publisher.service';

describe('EventPublisher', () => {
  let requests: ProducerBatch[];
  let answer: () => Promise<void>;
  let publisher: EventPublisher;
  let producer: ClientKafka['producer'];
  const withLinger = (ms: number) => new EventPublisher({ producer } as unknown as ClientKafka, { KAFKA_PRODUCER_LINGER_MS: ms } as BaseConfig);

  beforeEach(() => {
    requests = [];
    answer = async () => undefined;
    producer = {
      sendBatch: jest.fn(async (batch: ProducerBatch) => {
        requests.push(batch);
        await answer();
        return [];
      }),
    } as unknown as ClientKafka['producer'];
    publisher = withLinger(0);
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  const event = (n: number) => ({ n });

  it('sends what one turn of the event loop publishes in one request, grouped by topic, in order, acks -1', async () => {
    await Promise.all([
      publisher.publish({ topic: 'a', key: 'k1', event: event(1) }),
      publisher.publish({ topic: 'b', key: 'k2', event: event(2) }),
      publisher.publish({ topic: 'a', key: 'k1', event: event(3), headers: { h: 'v' } }),
    ]);
    expect(requests).toEqual([
      {
        acks: -1,
        topicMessages: [
          { topic: 'a', messages: [{ key: 'k1', value: '{"n":1}' }, { key: 'k1', value: '{"n":3}', headers: { h: 'v' } }] },
          { topic: 'b', messages: [{ key: 'k2', value: '{"n":2}' }] },
        ],
      },
    ]);
  });

  it('gathers what is published while a request is under way into the next request', async () => {
    let release!: () => void;
    answer = () => new Promise<void>((resolve) => (release = resolve));
    const first = publisher.publish({ topic: 'a', key: 'k', event: event(1) });
    await new Promise((resolve) => setImmediate(resolve));
    expect(requests).toHaveLength(1);
    const later = [2, 3].map((n) => publisher.publish({ topic: 'a', key: 'k', event: event(n) }));
    answer = async () => undefined;
    release();
    await Promise.all([first, ...later]);
    expect(requests).toHaveLength(2);
    expect(requests[1].topicMessages?.[0].messages.map((m) => m.value)).toEqual(['{"n":2}', '{"n":3}']);
  });

  it('fails every publish of a request Kafka refused, and goes on with the next', async () => {
    answer = async () => {
      throw new Error('not enough replicas');
    };
    const refused = [1, 2].map((n) => publisher.publish({ topic: 'a', key: 'k', event: event(n) }));
    await expect(Promise.all(refused)).rejects.toThrow('not enough replicas');
    await expect(refused[1]).rejects.toThrow('not enough replicas');
    answer = async () => undefined;
    await expect(publisher.publish({ topic: 'a', key: 'k', event: event(3) })).resolves.toBeUndefined();
  });

  it('sends the first event after a quiet spell at once, and while events keep coming one request per linger', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    publisher = withLinger(50);
    await publisher.publish({ topic: 'a', key: 'k', event: event(1) });
    expect(requests).toHaveLength(1);

    const following = [2, 3].map((n) => publisher.publish({ topic: 'a', key: 'k', event: event(n) }));
    await jest.advanceTimersByTimeAsync(49);
    expect(requests).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    await Promise.all(following);
    expect(requests).toHaveLength(2);
    expect(requests[1].topicMessages?.[0].messages.map((m) => m.value)).toEqual(['{"n":2}', '{"n":3}']);

    await jest.advanceTimersByTimeAsync(50);
    await publisher.publish({ topic: 'a', key: 'k', event: event(4) });
    expect(requests).toHaveLength(3);
  });

  /** An event of about `bytes` bytes on the wire. */
  const sized = (n: number, bytes: number) => ({ n, pad: 'x'.repeat(bytes - 64) });
  /** kafkajs' answer when the broker refuses a record batch for its size: the protocol error inside its retrier's. */
  const tooLarge = () => Object.assign(new Error('The request included a message larger than the max message size'), {
    cause: Object.assign(new Error('MESSAGE_TOO_LARGE'), { type: 'MESSAGE_TOO_LARGE', code: 10 }),
  });
  const sentValues = (request: ProducerBatch) => (request.topicMessages ?? []).flatMap((topic) => topic.messages.map((m) => JSON.parse(m.value as string).n as number));

  it('keeps every request below the byte limit, however many large events arrive together, in order', async () => {
    const quarter = Math.floor(MAX_PRODUCE_REQUEST_BYTES / 4) + 100;
    await Promise.all(Array.from({ length: 10 }, (_, n) => publisher.publish({ topic: 'a', key: 'big', event: sized(n, quarter) })));

    expect(requests.map(sentValues)).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
    for (const request of requests) {
      const bytes = (request.topicMessages ?? []).flatMap((t) => t.messages).reduce((sum, m) => sum + Buffer.byteLength(m.value as string), 0);
      expect(bytes).toBeLessThan(MAX_PRODUCE_REQUEST_BYTES);
    }
  });

  it('sends an event larger than the limit alone', async () => {
    await Promise.all([
      publisher.publish({ topic: 'a', key: 'k', event: event(1) }),
      publisher.publish({ topic: 'a', key: 'k', event: sized(2, MAX_PRODUCE_REQUEST_BYTES + 1) }),
      publisher.publish({ topic: 'a', key: 'k', event: event(3) }),
    ]);
    expect(requests.map(sentValues)).toEqual([[1], [2], [3]]);
  });

  it('fails only the event the broker refused for its size, and delivers the others of its request', async () => {
    const refusedValue = JSON.stringify(sized(3, 2048));
    producer.sendBatch = jest.fn(async (batch: ProducerBatch) => {
      requests.push(batch);
      if (batch.topicMessages?.some((topic) => topic.messages.some((m) => m.value === refusedValue))) throw tooLarge();
      return [];
    });
    const published = [1, 2, 3, 4, 5].map((n) =>
      publisher.publish({ topic: n % 2 ? 'a' : 'b', key: 'k', event: n === 3 ? sized(3, 2048) : event(n) }),
    );
    const outcomes = await Promise.allSettled(published);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const refusal = (outcomes[2] as PromiseRejectedResult).reason;
    expect(refusal).toBeInstanceOf(EventTooLargeError);
    expect(refusal).toMatchObject({ code: 'event_too_large', topic: 'a' });
    // Each event that succeeded went out in a request the broker took.
    const delivered = requests.filter((request) => !sentValues(request).includes(3)).flatMap(sentValues);
    expect(delivered.sort()).toEqual([1, 2, 4, 5]);
  });

  it('fails every event of a request refused for another reason than size', async () => {
    answer = async () => {
      throw Object.assign(new Error('not leader'), { type: 'NOT_LEADER_FOR_PARTITION' });
    };
    const outcomes = await Promise.allSettled([1, 2].map((n) => publisher.publish({ topic: 'a', key: 'k', event: event(n) })));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(requests).toHaveLength(1);
  });
});
