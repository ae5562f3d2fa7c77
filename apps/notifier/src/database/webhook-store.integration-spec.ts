import { randomBytes, randomUUID } from 'node:crypto';
import type { SealedSecret, WebhookAttemptView, WebhookPayload } from '@herald/contracts';
import { MigratedDatabase, migratedDatabase } from '@herald/testing';
import { NewWebhookDelivery, WebhookDeliveriesRepository, WebhookEndpointsRepository } from '@herald/webhooks';
import { notifierDatabase } from './notifier.database';

const attempt = (responseCode: number | null): WebhookAttemptView => ({ at: new Date().toISOString(), responseCode, latencyMs: 3, error: null });
const messageUuid = () => randomBytes(16).toString('hex');

/** The webhook endpoints and the delivery queue against a database of their own, migrated as the notifier migrates it. */
describe('the webhook store, on PostgreSQL', () => {
  let database: MigratedDatabase;
  let endpoints: WebhookEndpointsRepository;
  let deliveries: WebhookDeliveriesRepository;
  const team = randomUUID();

  beforeAll(async () => {
    database = await migratedDatabase(notifierDatabase);
    endpoints = new WebhookEndpointsRepository(database.dataSource);
    deliveries = new WebhookDeliveriesRepository(database.dataSource);
  });

  afterAll(() => database?.drop());

  const endpoint = async (teamUuid = team, events: Array<'message.status_changed' | 'message.inbound'> = ['message.status_changed']) =>
    endpoints.create({
      uuid: randomUUID(),
      teamUuid,
      url: 'https://hooks.example.com/',
      events,
      description: null,
      enabled: true,
      secretSealed: 'v1.k.iv.ct' as SealedSecret,
    });

  const delivery = (endpointUuid: string, id: string, message: string | null = null, teamUuid = team): NewWebhookDelivery => ({
    endpointUuid,
    teamUuid,
    messageUuid: message,
    payload: { id, type: 'message.status_changed', timestamp: new Date().toISOString(), data: {} } as WebhookPayload,
  });

  /** Claims until nothing is due, settling each claim as delivered; answers the event ids in claim order. */
  const drain = async () => {
    const order: string[] = [];
    for (;;) {
      const claimed = await deliveries.claim(10, 10, 30_000);
      if (claimed.length === 0) return order;
      for (const one of claimed) {
        order.push(one.eventId);
        await deliveries.settle(one.id, { kind: 'delivered', attempt: attempt(200) });
      }
    }
  };

  it('keeps a team to its own endpoints, and finds the subscribers of an event among enabled ones only', async () => {
    const mine = await endpoint();
    const inbound = await endpoint(team, ['message.inbound']);
    const theirs = await endpoint(randomUUID());
    expect(await endpoints.find(team, theirs.uuid)).toBeNull();
    expect((await endpoints.list(team)).map((found) => found.uuid)).toEqual(expect.arrayContaining([mine.uuid, inbound.uuid]));
    expect((await endpoints.subscribers([team], 'message.inbound')).map((found) => found.uuid)).toEqual([inbound.uuid]);
    await endpoints.update(team, inbound.uuid, { enabled: false });
    expect(await endpoints.subscribers([team], 'message.inbound')).toEqual([]);
    expect(await endpoints.delete(team, theirs.uuid)).toBe(false);
  });

  it('rotates a secret, keeping the old one valid beside it until the time given', async () => {
    const rotated = await endpoint();
    const until = new Date(Date.now() + 24 * 3600_000);
    const after = await endpoints.rotateSecret(team, rotated.uuid, 'v1.k.iv.new' as SealedSecret, until);
    expect(after).toEqual(expect.objectContaining({ secretSealed: 'v1.k.iv.new', previousSecretSealed: 'v1.k.iv.ct', previousSecretExpiresAt: until }));
  });

  it('queues an event once per endpoint, however often it is queued', async () => {
    const target = await endpoint();
    expect(await deliveries.enqueue([delivery(target.uuid, 'evt_once'), delivery(target.uuid, 'evt_once')])).toBe(1);
    expect(await deliveries.enqueue([delivery(target.uuid, 'evt_once')])).toBe(0);
    expect(await drain()).toEqual(['evt_once']);
  });

  it("hands out one message's deliveries to an endpoint in order, the next only once the one before is settled", async () => {
    const target = await endpoint();
    const message = messageUuid();
    await deliveries.enqueue([delivery(target.uuid, 'evt_sent', message), delivery(target.uuid, 'evt_delivered', message), delivery(target.uuid, 'evt_read', message)]);
    const first = await deliveries.claim(10, 10, 30_000);
    expect(first.map((one) => one.eventId)).toEqual(['evt_sent']);
    expect(await deliveries.claim(10, 10, 30_000)).toEqual([]);
    // A retry keeps the later ones waiting until it succeeds.
    await deliveries.settle(first[0].id, { kind: 'retry', attempt: attempt(500), nextAttemptAt: new Date(Date.now() - 1) });
    const [again] = await deliveries.claim(10, 10, 30_000);
    expect(again.eventId).toBe('evt_sent');
    await deliveries.settle(again.id, { kind: 'delivered', attempt: attempt(200) });
    expect(await drain()).toEqual(['evt_delivered', 'evt_read']);
    const log = await deliveries.list(team, { endpointUuid: target.uuid, limit: 10 });
    expect(log.find((row) => row.eventId === 'evt_sent')?.attempts.map((one) => one.responseCode)).toEqual([500, 200]);
  });

  it('keeps an endpoint to its cap of deliveries under way, whatever else is due', async () => {
    const slow = await endpoint();
    const other = await endpoint();
    await deliveries.enqueue(Array.from({ length: 5 }, (_, i) => delivery(slow.uuid, `evt_slow_${i}`)));
    await deliveries.enqueue([delivery(other.uuid, 'evt_other')]);
    const claimed = await deliveries.claim(10, 2, 30_000);
    expect(claimed.filter((one) => one.endpointUuid === slow.uuid)).toHaveLength(2);
    expect(claimed.filter((one) => one.endpointUuid === other.uuid)).toHaveLength(1);
    expect(await deliveries.claim(10, 2, 30_000)).toEqual([]);
    for (const one of claimed) await deliveries.settle(one.id, { kind: 'delivered', attempt: attempt(204) });
    expect(await drain()).toHaveLength(3);
  });

  it('gives a delivery whose lease ran out to another worker (its worker died)', async () => {
    const target = await endpoint();
    await deliveries.enqueue([delivery(target.uuid, 'evt_lease')]);
    expect((await deliveries.claim(10, 10, 1)).map((one) => one.eventId)).toEqual(['evt_lease']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await drain()).toEqual(['evt_lease']);
  });

  it('replays a delivery with its event id, and every delivery of an endpoint since a time', async () => {
    const target = await endpoint();
    await deliveries.enqueue([delivery(target.uuid, 'evt_a'), delivery(target.uuid, 'evt_b')]);
    await drain();
    const [b] = await deliveries.list(team, { endpointUuid: target.uuid, limit: 1 });
    expect(await deliveries.replay(randomUUID(), b.id)).toBeNull();
    expect(await deliveries.replay(team, b.id)).toEqual(expect.objectContaining({ eventId: 'evt_b', status: 'pending' }));
    expect(await drain()).toEqual(['evt_b']);
    expect(await deliveries.replaySince(team, target.uuid, new Date(Date.now() - 60_000))).toBe(2);
    expect((await drain()).sort()).toEqual(['evt_a', 'evt_b']);
  });

  it('marks an endpoint failing once, healthy again, and disabled with its open deliveries failed', async () => {
    const target = await endpoint();
    const since = await endpoints.markFailing(target.uuid);
    expect(await endpoints.markFailing(target.uuid)).toEqual(since);
    await endpoints.markHealthy(target.uuid);
    expect((await endpoints.find(team, target.uuid))?.failingSince).toBeNull();
    await deliveries.enqueue([delivery(target.uuid, 'evt_open')]);
    await endpoints.disable(target.uuid, 'failing for 24 hours');
    expect(await deliveries.failOpen(target.uuid, attempt(null))).toBe(1);
    expect(await endpoints.find(team, target.uuid)).toEqual(expect.objectContaining({ enabled: false, disabledReason: 'failing for 24 hours' }));
    const enabled = await endpoints.update(team, target.uuid, { enabled: true });
    expect(enabled).toEqual(expect.objectContaining({ enabled: true, disabledReason: null, disabledAt: null }));
  });
});
