import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { EventPublisher, EventTooLargeError } from '@herald/kafka';
import { IngressConfig } from '../config/ingress.config';
import { OutboxRelay } from './outbox-relay.service';
import { CLAIM_OUTBOX_ROWS, DELETE_OUTBOX_ROWS, OutboxRow, TAKE_RELAY_TURN } from './outbox-rows';
import { OutboxRepository } from './outbox.repository';

const row = (id: string, key = 'c:+1555'): OutboxRow => ({ id, topic: 'message.requested', key, value: Buffer.from(`event ${id}`), headers: null });

/** A database whose one transaction answers the turn, the claim and the delete; a publisher that settles per event. */
function harness({ taken = true, rows = [] as OutboxRow[], refuse = new Map<string, unknown>() } = {}) {
  const queries: Array<{ sql: string; parameters?: unknown[] }> = [];
  const manager = {
    query: async (sql: string, parameters?: unknown[]) => {
      queries.push({ sql, parameters });
      if (sql === TAKE_RELAY_TURN) return [{ taken }];
      if (sql === CLAIM_OUTBOX_ROWS) return rows;
      return [];
    },
  };
  const published: string[] = [];
  const publisher = {
    publishRaw: async (_topic: string, _key: string, value: Buffer) => {
      const id = value.toString().replace('event ', '');
      if (refuse.has(id)) throw refuse.get(id);
      published.push(id);
    },
  };
  const dataSource = { transaction: (work: (m: typeof manager) => Promise<unknown>) => work(manager) };
  const relay = new OutboxRelay(
    new OutboxRepository(dataSource as unknown as ConstructorParameters<typeof OutboxRepository>[0]),
    publisher as unknown as EventPublisher,
    { OUTBOX_RELAY_INTERVAL_MS: 500 } as IngressConfig,
    new SchedulerRegistry(),
  );
  return { relay, queries, published };
}

describe('OutboxRelay.turn', () => {
  it('publishes the claimed records in id order and deletes them once Kafka has them', async () => {
    const { relay, queries, published } = harness({ rows: [row('1'), row('2'), row('3')] });
    await expect(relay.turn()).resolves.toEqual({ relayed: 3, claimed: 3, refusal: undefined });
    expect(published).toEqual(['1', '2', '3']);
    expect(queries.map((query) => query.sql)).toEqual([TAKE_RELAY_TURN, CLAIM_OUTBOX_ROWS, DELETE_OUTBOX_ROWS]);
    expect(queries[2].parameters).toEqual([['1', '2', '3']]);
  });

  it('claims nothing while another replica has the turn', async () => {
    const { relay, queries, published } = harness({ taken: false, rows: [row('1')] });
    await expect(relay.turn()).resolves.toEqual({ relayed: 0, claimed: 0 });
    expect(queries.map((query) => query.sql)).toEqual([TAKE_RELAY_TURN]);
    expect(published).toEqual([]);
  });

  it('keeps the records Kafka refused for the next turn, and reports the refusal', async () => {
    const refusal = new Error('broker gone');
    const { relay, queries } = harness({ rows: [row('1'), row('2')], refuse: new Map([['2', refusal]]) });
    await expect(relay.turn()).resolves.toEqual({ relayed: 1, claimed: 2, refusal });
    expect(queries[2]).toEqual({ sql: DELETE_OUTBOX_ROWS, parameters: [['1']] });
  });

  it('drops a record the broker refuses for its size, with an error, rather than stopping the relay for good', async () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const tooLarge = new EventTooLargeError('message.requested', 9_000_000, { cause: new Error('MESSAGE_TOO_LARGE') });
    const { relay, queries } = harness({ rows: [row('1')], refuse: new Map([['1', tooLarge]]) });
    await expect(relay.turn()).resolves.toEqual({ relayed: 1, claimed: 1, refusal: undefined });
    expect(queries[2]).toEqual({ sql: DELETE_OUTBOX_ROWS, parameters: [['1']] });
    expect(error).toHaveBeenCalledWith(expect.stringContaining('outbox record 1'));
    error.mockRestore();
  });
});
