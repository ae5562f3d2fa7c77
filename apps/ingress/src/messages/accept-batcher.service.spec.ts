import { DataSource } from 'typeorm';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { Acceptance, AcceptBatcher } from './accept-batcher.service';
import { ACCEPT_MESSAGES, WITHDRAW_UNSETTLED } from './ledger-rows';
import { MessageLedgerService } from './message-ledger.service';

/**
 * The pool queryRows reaches through the DataSource answers when the test says so. The relay counts how often it
 * was woken; the ledger notes which rows it was told are written.
 */
function harness() {
  const statements: Array<{ text: string; values: unknown[]; settle: { resolve: (result?: { rows: unknown[] }) => void; reject: (error: Error) => void } }> = [];
  const pool = {
    query: ({ text, values }: { text: string; values: unknown[] }) =>
      new Promise((resolve, reject) => statements.push({ text, values, settle: { resolve: (result = { rows: [] }) => resolve(result), reject } })),
  };
  const relay = { woken: 0, wake: () => void relay.woken++ };
  const written: string[][] = [];
  const ledger = { rowsWritten: (uuids: string[]) => (written.push(uuids), Promise.resolve()) };
  const batcher = new AcceptBatcher(
    { driver: { master: pool } } as unknown as DataSource,
    relay as unknown as OutboxRelay,
    ledger as unknown as MessageLedgerService,
  );
  return { batcher, statements, relay, written };
}

const acceptance = (uuid: string): Acceptance => ({
  row: { uuid, teamUuid: 't', channelUuid: 'c', to: '+15550001111', request: {} as Acceptance['row']['request'], warnings: null, acceptedAt: new Date() },
  record: { topic: 'message.requested', key: `c:${uuid}`, value: Buffer.from(uuid) },
});

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('AcceptBatcher', () => {
  it('writes the rows and the outbox records of one batch in one statement, and answers once it has committed', async () => {
    const { batcher, statements, relay, written } = harness();
    let answered = 0;
    const accepts = ['a', 'b'].map((uuid) => batcher.accept(acceptance(uuid)).then(() => answered++));
    await turn();
    await turn();
    expect(statements.map((statement) => statement.text)).toEqual([ACCEPT_MESSAGES]);
    expect(statements[0].values[0]).toEqual(['a', 'b']);
    expect(statements[0].values.slice(8, 10)).toEqual([['message.requested', 'message.requested'], ['c:a', 'c:b']]);
    expect(answered).toBe(0);
    expect(relay.woken).toBe(0);

    statements[0].settle.resolve();
    await Promise.all(accepts);
    expect(answered).toBe(2);
    expect(relay.woken).toBe(1);
    expect(written).toEqual([['a', 'b']]);
  });

  it('refuses the messages whose statement failed, and wakes no relay for them', async () => {
    const { batcher, statements, relay, written } = harness();
    const accepted = batcher.accept(acceptance('a'));
    await turn();
    await turn();
    statements[0].settle.reject(Object.assign(new Error('connection terminated'), { code: '57P01' }));
    await expect(accepted).rejects.toThrow('connection terminated');
    expect(relay.woken).toBe(0);
    expect(written).toEqual([]);
  });
});

describe('AcceptBatcher.acceptedAfterAll', () => {
  it('withdraws a message whose accept did not commit, and answers that it was not accepted', async () => {
    const { batcher, statements, relay } = harness();
    const outcome = batcher.acceptedAfterAll(acceptance('a').row);
    await turn();
    expect(statements[0].text).toBe(WITHDRAW_UNSETTLED);
    expect(statements[0].values[0]).toEqual(['a']);
    statements[0].settle.resolve({ rows: [{ uuid: 'a' }] });
    await expect(outcome).resolves.toBe(false);
    expect(relay.woken).toBe(0);
  });

  it('answers that a message whose row is there was accepted, and wakes the relay for it', async () => {
    const { batcher, statements, relay, written } = harness();
    const outcome = batcher.acceptedAfterAll(acceptance('a').row);
    await turn();
    statements[0].settle.resolve({ rows: [] });
    await expect(outcome).resolves.toBe(true);
    expect(relay.woken).toBe(1);
    expect(written).toEqual([['a']]);
  });
});
