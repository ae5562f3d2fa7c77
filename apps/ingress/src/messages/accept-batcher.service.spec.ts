import { EventPublisher } from '@herald/kafka';
import { DataSource } from 'typeorm';
import { Acceptance, AcceptBatcher } from './accept-batcher.service';
import { INSERT_LEDGER_ROWS, WITHDRAW_UNTOUCHED } from './ledger-rows';
import { MessageLedgerService } from './message-ledger.service';

/**
 * The pool queryRows reaches through the DataSource, and a publisher: both answer when the test says so. The
 * ledger notes which rows it was told are written.
 */
function harness() {
  const statements: Array<{ text: string; values: unknown[]; settle: { resolve: () => void; reject: (error: Error) => void } }> = [];
  const publishes: Array<{ uuid: string; settle: { resolve: () => void; reject: (error: Error) => void } }> = [];
  const pool = {
    query: ({ text, values }: { text: string; values: unknown[] }) =>
      new Promise((resolve, reject) => statements.push({ text, values, settle: { resolve: () => resolve({ rows: [] }), reject } })),
  };
  const publisher = {
    publish: (event: Acceptance['event']) =>
      new Promise<void>((resolve, reject) => publishes.push({ uuid: event.key, settle: { resolve, reject } })),
  };
  const written: string[][] = [];
  const ledger = { rowsWritten: (uuids: string[]) => (written.push(uuids), Promise.resolve()) };
  const batcher = new AcceptBatcher(
    { driver: { master: pool } } as unknown as DataSource,
    publisher as unknown as EventPublisher,
    ledger as unknown as MessageLedgerService,
  );
  return { batcher, statements, publishes, written };
}

const acceptance = (uuid: string): Acceptance => ({
  row: { uuid, teamUuid: 't', channelUuid: 'c', to: '+15550001111', request: {} as Acceptance['row']['request'], warnings: null, acceptedAt: new Date() },
  event: { topic: 'message.requested', key: uuid, event: {} },
});

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('AcceptBatcher', () => {
  it('writes the rows and publishes the events of one batch at the same time, and answers once both are done', async () => {
    const { batcher, statements, publishes } = harness();
    let answered = 0;
    const accepts = ['a', 'b'].map((uuid) => batcher.accept(acceptance(uuid)).then(() => answered++));
    await turn();
    await turn();
    expect(statements.map((statement) => statement.text)).toEqual([INSERT_LEDGER_ROWS]);
    expect(statements[0].values[0]).toEqual(['a', 'b']);
    expect(publishes.map((publish) => publish.uuid)).toEqual(['a', 'b']);

    for (const publish of publishes) publish.settle.resolve();
    await turn();
    expect(answered).toBe(0);
    statements[0].settle.resolve();
    await Promise.all(accepts);
    expect(answered).toBe(2);
  });

  it('tells the ledger which rows it wrote as soon as they are, without waiting on it to answer', async () => {
    const { batcher, statements, publishes, written } = harness();
    const accepts = ['a', 'b'].map((uuid) => batcher.accept(acceptance(uuid)));
    await turn();
    await turn();
    expect(written).toEqual([]);
    statements[0].settle.resolve();
    await turn();
    expect(written).toEqual([['a', 'b']]);
    for (const publish of publishes) publish.settle.resolve();
    await Promise.all(accepts);
  });

  it('accepts a message Kafka has though its row could not be written: the ledger writes it from the event', async () => {
    const { batcher, statements, publishes, written } = harness();
    const accepted = batcher.accept(acceptance('a'));
    await turn();
    await turn();
    statements[0].settle.reject(new Error('connection terminated'));
    publishes[0].settle.resolve();
    await expect(accepted).resolves.toBeUndefined();
    expect(statements).toHaveLength(1);
    expect(written).toEqual([]);
  });

  it('refuses the messages Kafka refused and withdraws their rows, accepting the others', async () => {
    const { batcher, statements, publishes } = harness();
    const outcomes = ['a', 'b'].map((uuid) => batcher.accept(acceptance(uuid)).then(() => 'accepted', (error: Error) => error.message));
    await turn();
    await turn();
    statements[0].settle.resolve();
    publishes[0].settle.reject(new Error('broker gone'));
    publishes[1].settle.resolve();
    await eventuallyStatements(statements, 2);
    expect(statements[1]).toEqual(expect.objectContaining({ text: WITHDRAW_UNTOUCHED, values: [['a']] }));
    statements[1].settle.resolve();
    expect(await Promise.all(outcomes)).toEqual(['broker gone', 'accepted']);
  });
});

async function eventuallyStatements(statements: unknown[], count: number): Promise<void> {
  for (let i = 0; i < 10 && statements.length < count; i++) await turn();
}
