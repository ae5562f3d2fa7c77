import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FailureReason, MessageReadyData } from '@herald/contracts';
import { migratedDatabase, type MigratedDatabase } from '@herald/testing';
import { dispatcherDatabase } from '../database/dispatcher.database';
import type { DispatchState } from './dispatch.entity';
import { DispatchQueueRepository } from './dispatch-queue.repository';
import { DispatchQueueService } from './dispatch-queue.service';
import { RateLimiterService } from './rate-limiter.service';
import { SendSlotsRepository } from './send-slots.repository';

/** What the send queue promises, against the dispatcher's own schema in a PostgreSQL database of this file's own. */
let database: MigratedDatabase;
let queue: DispatchQueueService;

const CLAIM_LEASE_MS = 30_000;
const CALL_LEASE_MS = 15_000;
const refused: FailureReason = { code: 'provider_rejected', message: 'WhatsApp refused it' };

beforeAll(async () => {
  database = await migratedDatabase(dispatcherDatabase);
}, 30_000);
afterAll(() => database?.drop());
beforeEach(async () => {
  await database.dataSource.query('TRUNCATE dispatches, send_slots, channels');
  queue = newQueue();
});

/** A replica's queue: each has its own memory and batches, all share the database. */
const newQueue = () => new DispatchQueueService(new DispatchQueueRepository(database.dataSource));

async function channel({ active = true, messagesPerSecond = 80 } = {}): Promise<{ uuid: string; phoneNumberId: string }> {
  const uuid = randomUUID();
  const phoneNumberId = `1${randomBytes(7).readUIntBE(0, 6)}`;
  await database.dataSource.query(
    `INSERT INTO channels (uuid, team_uuid, phone_number_id, access_token_sealed, active, messages_per_second) VALUES ($1, $2, $3, $4, $5, $6)`,
    [uuid, randomUUID(), phoneNumberId, 'v1.00000000.sealed-for-tests00.token-sealed-for-the-tests', active, messagesPerSecond],
  );
  return { uuid, phoneNumberId };
}

function ready(channelUuid: string, to = `+1555${randomBytes(3).readUIntBE(0, 3)}`): MessageReadyData {
  return {
    messageUuid: randomBytes(16).toString('hex'),
    teamUuid: randomUUID(),
    channelUuid,
    to,
    outbound: { kind: 'text', text: { body: 'Hello', previewUrl: false } },
    renderedText: 'Hello',
  };
}

async function enqueue(...messages: MessageReadyData[]): Promise<Set<string>> {
  return queue.enqueue(messages.map((message) => ({ message, requestId: `req-${message.messageUuid}` })));
}

const claim = (on = queue, limit = 100) => on.claim(limit, CLAIM_LEASE_MS, CALL_LEASE_MS);
const uuidsOf = (sends: Array<{ messageUuid: string }>) => sends.map((send) => send.messageUuid);

interface Row {
  state: DispatchState;
  attempts: number;
  throttled_retries: number;
  provider_message_id: string | null;
  failure: FailureReason | null;
  claim_token: string | null;
  not_before_in_ms: number;
}

async function row(messageUuid: string): Promise<Row> {
  const [found] = await database.dataSource.query(
    `SELECT state, attempts, throttled_retries, provider_message_id, failure, claim_token,
            extract(epoch FROM (not_before - now())) * 1000 AS not_before_in_ms
     FROM dispatches WHERE message_uuid = $1`,
    [messageUuid],
  );
  return { ...found, not_before_in_ms: Number(found.not_before_in_ms) };
}

describe('the send queue: enqueue', () => {
  it('stores each message once, and a redelivered one is answered as stored before', async () => {
    const { uuid } = await channel();
    const first = ready(uuid);
    const second = ready(uuid);
    expect(await enqueue(first, second)).toEqual(new Set([first.messageUuid, second.messageUuid]));
    expect(await enqueue(first)).toEqual(new Set());
    expect(await database.dataSource.query('SELECT count(*)::int AS n FROM dispatches')).toEqual([{ n: 2 }]);
  });

  it('finds only the settled sends among those asked for, with what the platform is told of them', async () => {
    const { uuid } = await channel();
    const [sent, failed, open] = [ready(uuid), ready(uuid), ready(uuid)];
    await enqueue(sent, failed, open);
    await claim();
    await queue.markSent({ messageUuid: sent.messageUuid, calledAt: new Date(), channelUuid: uuid }, 'wamid.sent');
    await queue.markFailed(failed.messageUuid, refused);

    const settled = await queue.findSettled([sent.messageUuid, failed.messageUuid, open.messageUuid]);
    expect(settled).toEqual(
      expect.arrayContaining([
        { message: sent, requestId: `req-${sent.messageUuid}`, state: 'sent', providerMessageId: 'wamid.sent', failure: null },
        { message: failed, requestId: `req-${failed.messageUuid}`, state: 'failed', providerMessageId: null, failure: refused },
      ]),
    );
    expect(settled).toHaveLength(2);
  });
});

describe('the send queue: claim', () => {
  it("claims one open message per contact, the oldest, and the next only once the contact's earlier one is settled", async () => {
    const { uuid } = await channel();
    const [firstToAnn, secondToAnn] = [ready(uuid, '+15550000001'), ready(uuid, '+15550000001')];
    const toBob = ready(uuid, '+15550000002');
    await enqueue(firstToAnn, secondToAnn, toBob);

    expect(uuidsOf(await claim())).toEqual([firstToAnn.messageUuid, toBob.messageUuid]);
    expect(await claim()).toEqual([]);
    await queue.markSent({ messageUuid: firstToAnn.messageUuid, calledAt: new Date(), channelUuid: uuid }, 'wamid.1');
    expect(uuidsOf(await claim())).toEqual([secondToAnn.messageUuid]);
  });

  it("hands over a send of a channel that can send as under way, with the channel's credentials and one attempt counted", async () => {
    const { uuid, phoneNumberId } = await channel({ messagesPerSecond: 40 });
    const message = ready(uuid);
    await enqueue(message);

    const [send] = await claim();
    expect(send).toMatchObject({
      messageUuid: message.messageUuid,
      message,
      requestId: `req-${message.messageUuid}`,
      attempts: 0,
      throttledRetries: 0,
      channel: { phoneNumberId, messagesPerSecond: 40, active: true, accessTokenSealed: expect.stringMatching(/^v1\./) },
    });
    expect(await row(message.messageUuid)).toMatchObject({ state: 'sending', attempts: 1, claim_token: send.claimToken });
  });

  it('only claims, without an attempt, a send whose channel cannot send; the sweep queues it again once its claim lapses', async () => {
    const inactive = await channel({ active: false });
    const message = ready(inactive.uuid);
    const unknownChannel = ready(randomUUID());
    await enqueue(message, unknownChannel);

    const claimed = await queue.claim(10, 0, CALL_LEASE_MS);
    expect(claimed.map((send) => [send.messageUuid, send.channel?.active ?? null])).toEqual([
      [message.messageUuid, false],
      [unknownChannel.messageUuid, null],
    ]);
    expect(await row(message.messageUuid)).toMatchObject({ state: 'claimed', attempts: 0 });

    await queue.sweep(60_000, async () => null);
    expect(await row(message.messageUuid)).toMatchObject({ state: 'queued', claim_token: null });
  });

  it('skips rows another transaction holds rather than waiting for them', async () => {
    const { uuid } = await channel();
    const [held, free] = [ready(uuid), ready(uuid)];
    await enqueue(held, free);
    const other = database.dataSource.createQueryRunner();
    await other.connect();
    try {
      await other.startTransaction();
      await other.query('SELECT 1 FROM dispatches WHERE message_uuid = $1 FOR UPDATE', [held.messageUuid]);
      // A claim that waited for the lock would hang this test until its timeout: it is given a second.
      const claimed = await Promise.race([claim(), sleep(1_000).then(() => 'waited for the lock')]);
      expect(typeof claimed === 'string' ? claimed : uuidsOf(claimed)).toEqual([free.messageUuid]);
    } finally {
      await other.rollbackTransaction();
      await other.release();
    }
    expect(uuidsOf(await claim())).toEqual([held.messageUuid]);
  });

  it('never hands one message to two replicas claiming at the same moment', async () => {
    const { uuid } = await channel({ messagesPerSecond: 1_000 });
    const messages = Array.from({ length: 60 }, () => ready(uuid));
    await enqueue(...messages);
    const replicas = [newQueue(), newQueue(), newQueue()];

    const claims = await Promise.all(replicas.flatMap((replica) => [claim(replica, 15), claim(replica, 15)]));
    const claimed = claims.flatMap(uuidsOf);
    expect(new Set(claimed).size).toBe(claimed.length);
    // What a claim skipped because another held it is still there for the next one.
    const rest = await claim();
    expect(new Set([...claimed, ...uuidsOf(rest)])).toEqual(new Set(messages.map((message) => message.messageUuid)));
  });
});

describe('the send queue: slots', () => {
  it("spaces one channel's sends by its rate, across claims and replicas, and leaves other channels alone", async () => {
    const slow = await channel({ messagesPerSecond: 2 });
    const fast = await channel({ messagesPerSecond: 1_000 });
    await enqueue(ready(slow.uuid), ready(slow.uuid), ready(fast.uuid));

    const first = await claim();
    await enqueue(ready(slow.uuid));
    const [later] = await claim(newQueue());
    const slowCalls = [...first.filter((send) => send.message.channelUuid === slow.uuid), later].map((send) => send.calledAt.getTime());
    expect(slowCalls[1] - slowCalls[0]).toBe(500);
    expect(slowCalls[2] - slowCalls[1]).toBe(500);
    expect(later.waitMs).toBeGreaterThan(500);
    const [fastSend] = first.filter((send) => send.message.channelUuid === fast.uuid);
    expect(fastSend.waitMs).toBeLessThan(50);
  });

  it("reserves a channel's next slots after those its claims took, and a pause holds every later slot back", async () => {
    const slots = new RateLimiterService(new SendSlotsRepository(database.dataSource));
    const { uuid } = await channel({ messagesPerSecond: 2 });
    await enqueue(ready(uuid));
    await claim();

    const waits = await Promise.all([slots.reserve(uuid, 2), slots.reserve(uuid, 2)]);
    expect(waits[0]).toBeGreaterThan(250);
    expect(waits[1] - waits[0]).toBeGreaterThanOrEqual(499);

    const [busy, idle] = [await channel({ messagesPerSecond: 1_000 }), await channel({ messagesPerSecond: 1_000 })];
    await slots.reserve(busy.uuid, 1_000);
    await Promise.all([slots.pause(busy.uuid, 5_000), slots.pause(idle.uuid, 5_000)]);
    const paused = await Promise.all([slots.reserve(busy.uuid, 1_000), slots.reserve(idle.uuid, 1_000)]);
    expect(Math.min(...paused)).toBeGreaterThan(4_000);
  });
});

describe('the send queue: settling', () => {
  async function claimedSend() {
    const { uuid, phoneNumberId } = await channel();
    const message = ready(uuid);
    await enqueue(message);
    const [send] = await claim();
    return { send, message, channelUuid: uuid, phoneNumberId };
  }

  it('records a send WhatsApp took, and a later refusal leaves it sent', async () => {
    const { send, channelUuid } = await claimedSend();
    await queue.markSent({ ...send, channelUuid }, 'wamid.took');
    await queue.markFailed(send.messageUuid, refused);
    expect(await row(send.messageUuid)).toMatchObject({ state: 'sent', provider_message_id: 'wamid.took', failure: null, claim_token: null });
  });

  it('records a refusal with its reason', async () => {
    const { send } = await claimedSend();
    await queue.markFailed(send.messageUuid, refused);
    expect(await row(send.messageUuid)).toMatchObject({ state: 'failed', failure: refused });
  });

  it('gives a claim back only to the replica holding it, with its attempt undone', async () => {
    const { send } = await claimedSend();
    await queue.release({ ...send, claimToken: randomUUID() });
    expect(await row(send.messageUuid)).toMatchObject({ state: 'sending', attempts: 1 });
    await queue.release(send);
    expect(await row(send.messageUuid)).toMatchObject({ state: 'queued', attempts: 0, claim_token: null });
  });
});

describe('the send queue: retries', () => {
  it('queues a failed call again after its delay, its attempt counted', async () => {
    const { uuid } = await channel();
    const message = ready(uuid);
    await enqueue(message);
    await claim();

    await queue.retryLater(message.messageUuid, 60_000, false);
    const waiting = await row(message.messageUuid);
    expect(waiting).toMatchObject({ state: 'queued', attempts: 1, throttled_retries: 0 });
    expect(waiting.not_before_in_ms).toBeGreaterThan(55_000);
    expect(await claim()).toEqual([]);

    await database.dataSource.query(`UPDATE dispatches SET not_before = now() WHERE message_uuid = $1`, [message.messageUuid]);
    const [again] = await claim();
    expect(again).toMatchObject({ messageUuid: message.messageUuid, attempts: 1 });
  });

  it("holds back only the retried contact's later messages, not the channel's", async () => {
    const { uuid } = await channel({ messagesPerSecond: 1_000 });
    const [retried, afterIt] = [ready(uuid, '+15550000001'), ready(uuid, '+15550000001')];
    const other = ready(uuid, '+15550000002');
    await enqueue(retried, afterIt);
    await claim();
    await queue.retryLater(retried.messageUuid, 60_000, false);
    await enqueue(other);
    expect(uuidsOf(await claim())).toEqual([other.messageUuid]);
  });

  it("counts a throttled retry apart, leaving the attempts' budget as it was", async () => {
    const { uuid } = await channel();
    const message = ready(uuid);
    await enqueue(message);
    await claim();
    await queue.retryLater(message.messageUuid, 0, true);
    expect(await row(message.messageUuid)).toMatchObject({ state: 'queued', attempts: 0, throttled_retries: 1 });
  });
});

describe('the send queue: calls with no answer', () => {
  async function unanswered(on = queue) {
    const { uuid, phoneNumberId } = await channel();
    const message = ready(uuid);
    await enqueue(message);
    const [send] = await claim(on);
    expect(await on.markOutcomeUnknown(send.messageUuid)).toBeNull();
    return { send, message, channelUuid: uuid, phoneNumberId };
  }

  it("is settled as sent by a status from its channel's number, not by one from another number", async () => {
    const { send, phoneNumberId } = await unanswered();
    const status = { messageUuid: send.messageUuid, providerMessageId: 'wamid.status' };
    expect(await queue.reconcile([{ ...status, phoneNumberId: '100000000000099' }])).toEqual([]);
    expect(await row(send.messageUuid)).toMatchObject({ state: 'sending', provider_message_id: null });

    const [settled] = await queue.reconcile([{ ...status, phoneNumberId }]);
    expect(settled).toMatchObject({ state: 'sent', providerMessageId: 'wamid.status', message: { messageUuid: send.messageUuid } });
  });

  it('is held as unknown once its window is over and the statuses are caught up, and an operator decides about it', async () => {
    const held = await unanswered();
    const abandoned = await unanswered();
    const caughtUp = async () => new Date(Date.now() + 1_000);

    expect(await queue.sweep(60_000, caughtUp)).toEqual({ settled: [], held: [] });
    const swept = await queue.sweep(0, caughtUp);
    expect(swept.held.map((send) => send.message.messageUuid).sort()).toEqual([held.send.messageUuid, abandoned.send.messageUuid].sort());
    expect(await row(held.send.messageUuid)).toMatchObject({ state: 'unknown' });

    const decided = await queue.decide(
      [
        { messageUuid: held.send.messageUuid, decision: 'resend' },
        { messageUuid: abandoned.send.messageUuid, decision: 'abandon' },
      ],
      { code: 'abandoned_by_operator', message: 'Given up' },
    );
    expect(decided).toEqual([expect.objectContaining({ state: 'failed', message: abandoned.message })]);
    expect(uuidsOf(await claim())).toEqual([held.send.messageUuid]);
  });

  it('waits, not held, while the status events of its window are not all processed', async () => {
    const { send } = await unanswered();
    expect(await queue.sweep(0, async () => null)).toEqual({ settled: [], held: [] });
    expect(await row(send.messageUuid)).toMatchObject({ state: 'sending' });
  });

  it("is queued again, not held, when a status named a later call of its channel: WhatsApp never took it", async () => {
    const { send, channelUuid } = await unanswered();
    await database.dataSource.query(`UPDATE channels SET last_call_with_status_at = now() + interval '1 second' WHERE uuid = $1`, [channelUuid]);
    const swept = await queue.sweep(0, async () => new Date(Date.now() + 1_000));
    expect(swept.held).toEqual([]);
    expect(await row(send.messageUuid)).toMatchObject({ state: 'queued' });
  });
});
