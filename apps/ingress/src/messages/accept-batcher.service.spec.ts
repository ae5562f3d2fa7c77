import type { MessageLedgerRepository } from '@herald/ledger';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { AcceptBatcher } from './accept-batcher.service';
import { Acceptance, AcceptRepository } from './accept.repository';

/** Writes that settle when the test says so; the relay counts how often it was woken. */
function harness() {
  const writes: Array<{ uuids: string[]; resolve: () => void; reject: (error: Error) => void }> = [];
  const withdrawals: Array<{ uuid: string; resolve: (withdrawn: boolean) => void }> = [];
  const repository = {
    accept: (batch: Acceptance[]) => new Promise<void>((resolve, reject) => writes.push({ uuids: batch.map((entry) => entry.row.uuid), resolve, reject })),
  };
  const ledger = { withdrawUnlessAccepted: (row: Acceptance['row']) => new Promise<boolean>((resolve) => withdrawals.push({ uuid: row.uuid, resolve })) };
  const relay = { woken: 0, wake: () => void relay.woken++ };
  const batcher = new AcceptBatcher(
    repository as unknown as AcceptRepository,
    ledger as unknown as MessageLedgerRepository,
    relay as unknown as OutboxRelay,
  );
  return { batcher, writes, withdrawals, relay };
}

const acceptance = (uuid: string): Acceptance => ({
  row: { uuid, teamUuid: 't', channelUuid: 'c', to: '+15550001111', request: {} as Acceptance['row']['request'], warnings: null, acceptedAt: new Date() },
  record: { topic: 'message.requested', key: `c:${uuid}`, value: Buffer.from(uuid) },
});

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('AcceptBatcher', () => {
  it('writes the accepts of one turn together, and answers once the write has committed', async () => {
    const { batcher, writes, relay } = harness();
    let answered = 0;
    const accepts = ['a', 'b'].map((uuid) => batcher.accept(acceptance(uuid)).then(() => answered++));
    await turn();
    await turn();
    expect(writes.map((write) => write.uuids)).toEqual([['a', 'b']]);
    expect(answered).toBe(0);
    expect(relay.woken).toBe(0);

    writes[0].resolve();
    await Promise.all(accepts);
    expect(answered).toBe(2);
    expect(relay.woken).toBe(1);
  });

  it('refuses the messages whose write failed, and wakes no relay for them', async () => {
    const { batcher, writes, relay } = harness();
    const accepted = batcher.accept(acceptance('a'));
    await turn();
    await turn();
    writes[0].reject(Object.assign(new Error('connection terminated'), { code: '57P01' }));
    await expect(accepted).rejects.toThrow('connection terminated');
    expect(relay.woken).toBe(0);
  });
});

describe('AcceptBatcher.acceptedAfterAll', () => {
  it('answers that a message the ledger withdrew was not accepted', async () => {
    const { batcher, withdrawals, relay } = harness();
    const outcome = batcher.acceptedAfterAll(acceptance('a'));
    await turn();
    expect(withdrawals.map((withdrawal) => withdrawal.uuid)).toEqual(['a']);
    withdrawals[0].resolve(true);
    await expect(outcome).resolves.toBe(false);
    expect(relay.woken).toBe(0);
  });

  it('answers that a message whose row is there was accepted, and wakes the relay for it', async () => {
    const { batcher, withdrawals, relay } = harness();
    const outcome = batcher.acceptedAfterAll(acceptance('a'));
    await turn();
    withdrawals[0].resolve(false);
    await expect(outcome).resolves.toBe(true);
    expect(relay.woken).toBe(1);
  });
});
