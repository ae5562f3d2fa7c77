import { createHash } from 'node:crypto';
import { setIdleFetchWait } from './kafkajs-idle-fetch';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Runner = require('kafkajs/src/consumer/runner');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ConsumerGroup = require('kafkajs/src/consumer/consumerGroup');

const gathering = { minBytes: 65_536, maxWaitTime: 20 };
const batch = (events: number) => ({ isEmpty: () => events === 0 });

describe('kafkajs fetches after a fetch that brought nothing', () => {
  let asked: Array<{ nodeId: number; minBytes: number; maxWaitTime: number }>;
  let answers: Array<Array<ReturnType<typeof batch>>>;

  // A consumer whose consumer group records what each fetch asks the broker for, and answers as told.
  const consumer = () => {
    const group = Object.assign(Object.create(ConsumerGroup.prototype), gathering);
    group.fetch = async (nodeId: number) => {
      asked.push({ nodeId, minBytes: group.minBytes, maxWaitTime: group.maxWaitTime });
      return answers.shift() ?? [];
    };
    return Object.assign(Object.create(Runner.prototype), {
      running: true,
      consumerGroup: group,
      instrumentationEmitter: { emit: () => undefined },
      heartbeat: async () => undefined,
    });
  };

  beforeEach(() => {
    asked = [];
    answers = [];
    setIdleFetchWait(500);
  });
  afterEach(() => setIdleFetchWait(0));

  it('are answered by the first event, within the idle wait; once events come, fetches gather again', async () => {
    const runner = consumer();
    answers = [[batch(0), batch(0)], [batch(0), batch(3)], [batch(2)], []];
    for (let fetch = 0; fetch < 4; fetch += 1) await runner.fetch(1);
    expect(asked).toEqual([
      { nodeId: 1, ...gathering },
      { nodeId: 1, minBytes: 1, maxWaitTime: 500 },
      { nodeId: 1, ...gathering },
      { nodeId: 1, ...gathering },
    ]);
  });

  it("tells one broker's lull from another's", async () => {
    const runner = consumer();
    answers = [[], [batch(1)], [], []];
    for (const nodeId of [1, 2, 1, 2]) await runner.fetch(nodeId);
    expect(asked.slice(2)).toEqual([
      { nodeId: 1, minBytes: 1, maxWaitTime: 500 },
      { nodeId: 2, ...gathering },
    ]);
  });

  it('always gather when the idle wait is 0', async () => {
    setIdleFetchWait(0);
    const runner = consumer();
    await runner.fetch(1);
    await runner.fetch(1);
    expect(asked[1]).toEqual({ nodeId: 1, ...gathering });
  });
});

describe('the kafkajs internals the idle fetch relies on', () => {
  const fingerprint = (method: unknown) => createHash('sha256').update(String(method)).digest('hex').slice(0, 16);
  // kafkajs as published, before the idle fetch wrapped anything.
  let published: { prototype: Record<string, unknown> } = Runner;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  jest.isolateModules(() => (published = require('kafkajs/src/consumer/runner')));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const version: string = require('kafkajs/package.json').version;

  it("are those of kafkajs 2.2.4: the runner's fetch, and the group's fetch that reads minBytes and maxWaitTime", () => {
    expect(version).toBe('2.2.4');
    expect(fingerprint(published.prototype.fetch)).toBe('f40262089d69d8ed');
    expect(fingerprint(ConsumerGroup.prototype.fetch)).toBe('e2e52d81f1e13b90');
  });

  it('wraps the fetch every kafkajs consumer runs, as @herald/kafka loads', () => {
    let loaded: { prototype: { fetch: { name: string } } } = Runner;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('./index');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require('kafkajs/src/consumer/runner');
    });
    expect(loaded.prototype.fetch.name).toBe('adaptiveFetch');
  });
});
