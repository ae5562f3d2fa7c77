import type { ClientKafka } from '@nestjs/microservices';
import type { BaseConfig } from '@herald/config';
import type { ProducerBatch } from 'kafkajs';
import { EventPublisher } from './event-publisher.service';

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
});
