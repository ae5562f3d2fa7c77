/**
 * A kafkajs consumer asks the broker to hold each fetch until `minBytes` of events are there or `maxWaitTimeInMs` has
 * passed. Herald gathers (64 KB or 20 ms), so that under load a fetch brings a batch worth one statement; but an idle
 * consumer then fetches fifty times a second, each fetch costing its service's CPU and more of the broker's (the
 * figures are in docs/benchmarks.md).
 *
 * So a consumer whose last fetch from a broker brought no event asks that broker to answer at the first one instead,
 * holding the fetch up to the idle wait: idle, it fetches a couple of times a second, and the first event after a
 * lull is fetched the moment it arrives. Once a fetch brings events, the next ones gather as configured, so a
 * consumer under load fetches exactly as before. kafkajs 2.2.4 is its last release and has no such setting; this
 * wraps the one method its fetchers call to fetch, and sets the two values its consumer group reads for the request.
 * (With several brokers, two fetchers may overlap and one fetch use the other's setting: a wait, never an event,
 * is what that changes.) Loaded by @herald/kafka before any consumer exists.
 *
 * Upstream: no kafkajs issue asks for this, and none would be released (tulios/kafkajs#1603, "Looking for
 * maintainers"); the fetch duration that minBytes and maxWaitTimeInMs decide is tulios/kafkajs#1365.
 * kafkajs-idle-fetch.spec.ts fails when the wrapped method or the group's fetch changes.
 */
interface ConsumerGroupInternals {
  minBytes: number;
  maxWaitTime: number;
}

interface RunnerInternals {
  consumerGroup: ConsumerGroupInternals;
  fetch(nodeId: number): Promise<Array<{ isEmpty(): boolean }>>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Runner = require('kafkajs/src/consumer/runner') as { prototype: RunnerInternals };

let idleWaitMs = 0;
/** Each consumer group's own settings, for fetches under load. */
const gathering = new WeakMap<ConsumerGroupInternals, { minBytes: number; maxWaitTime: number }>();
/** The brokers each consumer's last fetch from brought no event. */
const idleBrokers = new WeakMap<RunnerInternals, Set<number>>();

/** A consumer of this process idle on a broker holds its fetch there up to `ms`, answered by the first event (0: off). */
export function setIdleFetchWait(ms: number): void {
  idleWaitMs = ms;
}

const fetch = Runner.prototype.fetch;
Runner.prototype.fetch = async function adaptiveFetch(this: RunnerInternals, nodeId: number) {
  const group = this.consumerGroup;
  let own = gathering.get(group);
  if (!own) gathering.set(group, (own = { minBytes: group.minBytes, maxWaitTime: group.maxWaitTime }));
  let idle = idleBrokers.get(this);
  if (!idle) idleBrokers.set(this, (idle = new Set()));
  const quiet = idleWaitMs > 0 && idle.has(nodeId);
  group.minBytes = quiet ? 1 : own.minBytes;
  group.maxWaitTime = quiet ? Math.max(idleWaitMs, own.maxWaitTime) : own.maxWaitTime;
  const batches = await fetch.call(this, nodeId);
  if (batches.every((batch) => batch.isEmpty())) idle.add(nodeId);
  else idle.delete(nodeId);
  return batches;
};
