import type { ClientKafka } from '@nestjs/microservices';
import type { BaseConfig } from '@herald/config';
import type { ProducerBatch } from 'kafkajs';
import { channelKey, envelope, messageDecidedKey, messageHeldKey, OperatorDecision, SendMessageDto, Topics } from '@herald/contracts';
import { encodeEvent, EventPublisher, EventTooLargeError, MAX_PRODUCE_REQUEST_BYTES } from './event-publisher.service';

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

  /** The queue does not look inside events: its tests publish numbered stand-ins, as bytes, on topics of their own. */
  const event = (n: number) => ({ n });
  const publishNumbered = (topic: string, payload: object) => publisher.publishRaw(topic, 'k', JSON.stringify(payload), {});

  const at = '2026-11-24T12:00:00.000Z';
  const route = { messageUuid: 'adf3d1216d4c4dcd908199d6700f2381', teamUuid: '7b1e6b0e-3a52-4a57-9d7e-2f0f3c1d8a11', channelUuid: '0c6f1a43-8d0e-4f5a-9c61-3b7e2d9a4f22', to: '+31612345678' };
  const key = messageDecidedKey(route);
  const decided = (decision: OperatorDecision) => envelope(Topics.MessageDecided, { ...route, decision, decidedAt: at });
  const held = envelope(Topics.MessageHeld, { ...route, reason: { code: 'outcome_unknown' as const, message: 'held' }, heldAt: at });

  it('sends what one turn of the event loop publishes in one request, grouped by topic, in order, acks -1', async () => {
    const [resend, abandon] = [decided('resend'), decided('abandon')];
    await Promise.all([
      publisher.publish({ topic: Topics.MessageDecided, key, event: resend }),
      publisher.publish({ topic: Topics.MessageHeld, key: messageHeldKey(route), event: held }),
      publisher.publish({ topic: Topics.MessageDecided, key, event: abandon, headers: { h: 'v' } }),
    ]);
    expect(requests).toEqual([
      {
        acks: -1,
        topicMessages: [
          {
            topic: 'message.decided',
            messages: [
              { key: '0c6f1a43-8d0e-4f5a-9c61-3b7e2d9a4f22:+31612345678', value: JSON.stringify(resend) },
              { key: '0c6f1a43-8d0e-4f5a-9c61-3b7e2d9a4f22:+31612345678', value: JSON.stringify(abandon), headers: { h: 'v' } },
            ],
          },
          { topic: 'message.held', messages: [{ key: '0c6f1a43-8d0e-4f5a-9c61-3b7e2d9a4f22:+31612345678', value: JSON.stringify(held) }] },
        ],
      },
    ]);
  });

  it('encodes an event for the outbox as publish sends it', async () => {
    const event = decided('resend');
    await publisher.publish({ topic: Topics.MessageDecided, key, event });
    const encoded = encodeEvent({ topic: Topics.MessageDecided, key, event });
    expect(encoded).toEqual({ topic: 'message.decided', key: '0c6f1a43-8d0e-4f5a-9c61-3b7e2d9a4f22:+31612345678', value: expect.any(Buffer) });
    expect(encoded.value.toString()).toBe(requests[0].topicMessages?.[0].messages[0].value);
  });

  // Never called: `typecheck` holds each line below to fail to compile, as @ts-expect-error says it must.
  const publishedWrongly = () => [
    // @ts-expect-error an approval on message.requested, although its data has every field a request's has
    publisher.publish({ topic: Topics.MessageRequested, key, event: envelope(Topics.MessageApproved, { ...route, request: {} as SendMessageDto, acceptedAt: at, approvedAt: at }) }),
    // @ts-expect-error a payload that is not the topic's: no such decision
    publisher.publish({ topic: Topics.MessageDecided, key, event: envelope(Topics.MessageDecided, { ...route, decision: 'maybe', decidedAt: at }) }),
    // @ts-expect-error a payload that is not the topic's: a held send's data on message.decided
    publisher.publish({ topic: Topics.MessageDecided, key, event: { ...held, type: Topics.MessageDecided } }),
    // @ts-expect-error a channel's key on a conversation's topic
    publisher.publish({ topic: Topics.MessageDecided, key: channelKey(route.channelUuid), event: decided('resend') }),
    // @ts-expect-error a key put together by hand
    publisher.publish({ topic: Topics.MessageDecided, key: `${route.channelUuid}:${route.to}`, event: decided('resend') }),
    // @ts-expect-error a topic outside the catalogue
    publisher.publish({ topic: 'message.decided.v0', key, event: decided('resend') }),
  ];
  void publishedWrongly;

  it('gathers what is published while a request is under way into the next request', async () => {
    let release!: () => void;
    answer = () => new Promise<void>((resolve) => (release = resolve));
    const first = publishNumbered('a', event(1));
    await new Promise((resolve) => setImmediate(resolve));
    expect(requests).toHaveLength(1);
    const later = [2, 3].map((n) => publishNumbered('a', event(n)));
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
    const refused = [1, 2].map((n) => publishNumbered('a', event(n)));
    await expect(Promise.all(refused)).rejects.toThrow('not enough replicas');
    await expect(refused[1]).rejects.toThrow('not enough replicas');
    answer = async () => undefined;
    await expect(publishNumbered('a', event(3))).resolves.toBeUndefined();
  });

  it('sends the first event after a quiet spell at once, and while events keep coming one request per linger', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    publisher = withLinger(50);
    await publishNumbered('a', event(1));
    expect(requests).toHaveLength(1);

    const following = [2, 3].map((n) => publishNumbered('a', event(n)));
    await jest.advanceTimersByTimeAsync(49);
    expect(requests).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    await Promise.all(following);
    expect(requests).toHaveLength(2);
    expect(requests[1].topicMessages?.[0].messages.map((m) => m.value)).toEqual(['{"n":2}', '{"n":3}']);

    await jest.advanceTimersByTimeAsync(50);
    await publishNumbered('a', event(4));
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
    await Promise.all(Array.from({ length: 10 }, (_, n) => publishNumbered('a', sized(n, quarter))));

    expect(requests.map(sentValues)).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
    for (const request of requests) {
      const bytes = (request.topicMessages ?? []).flatMap((t) => t.messages).reduce((sum, m) => sum + Buffer.byteLength(m.value as string), 0);
      expect(bytes).toBeLessThan(MAX_PRODUCE_REQUEST_BYTES);
    }
  });

  it('sends an event larger than the limit alone', async () => {
    await Promise.all([
      publishNumbered('a', event(1)),
      publishNumbered('a', sized(2, MAX_PRODUCE_REQUEST_BYTES + 1)),
      publishNumbered('a', event(3)),
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
      publishNumbered(n % 2 ? 'a' : 'b', n === 3 ? sized(3, 2048) : event(n)),
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
    const outcomes = await Promise.allSettled([1, 2].map((n) => publishNumbered('a', event(n))));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(requests).toHaveLength(1);
  });
});
