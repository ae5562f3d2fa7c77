import { ErrorCodes, type SealedSecret, WEBHOOK_PING } from '@herald/contracts';
import {
  DeliveryFilter,
  NewWebhookDelivery,
  NewWebhookEndpoint,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointChanges,
} from '@herald/webhooks';
import { HeraldError } from '../http/herald-error';
import { CallbellWebhooksService } from './callbell-webhooks.service';
import { decodeDeliveryCursor } from './delivery-cursor';
import type { NumberedPageFilter } from '@herald/webhooks';
import {
  CALLBELL_ENDPOINT_DESCRIPTION,
  DeliveryLog,
  DeliveryStore,
  EndpointStore,
  PREVIOUS_SECRET_VALID_MS,
  UrlCheck,
  WebhookEndpointsService,
} from './webhook-endpoints.service';
import type { WebhookSecretSealer } from './webhook-secrets';

const TEAM = '11111111-1111-4111-8111-111111111111';
const OTHER_TEAM = '22222222-2222-4222-8222-222222222222';

function harness() {
  const endpoints = new FakeEndpointsRepository();
  const deliveries = new FakeDeliveriesRepository();
  const log = new FakeDeliveryLog(deliveries);
  const service = new WebhookEndpointsService(endpoints, deliveries, log, fakeSealer, fakeUrlCheck);
  const callbell = new CallbellWebhooksService(service, log);
  return { endpoints, deliveries, service, callbell };
}

/** The error a call failed with, or a failure of the spec when it did not fail. */
async function failure(call: Promise<unknown>): Promise<HeraldError> {
  const error: unknown = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof HeraldError)) throw new Error(`expected a HeraldError, got ${String(error)}`);
  return error;
}

const https = 'https://example.com/hooks';

describe('WebhookEndpointsService', () => {
  it('makes an endpoint with a whsec_ secret of 24 random bytes, answered once and stored only sealed', async () => {
    const { service, endpoints } = harness();
    const made = await service.create(TEAM, { url: https, events: ['message.status_changed'] });

    expect(made.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(made.secret!.slice('whsec_'.length), 'base64')).toHaveLength(24);
    expect(made).toMatchObject({ url: https, events: ['message.status_changed'], enabled: true, description: null, disabledReason: null });
    expect(endpoints.rows[0].secretSealed).toBe(fakeSealer.seal(made.secret!));
    expect(await service.get(TEAM, made.uuid)).not.toHaveProperty('secret');
    expect((await service.list(TEAM)).map((endpoint) => endpoint.secret)).toEqual([undefined]);
  });

  it('refuses a URL the policy refuses, on create and on a change of url, and stores nothing', async () => {
    const { service, endpoints } = harness();
    const refused = await failure(service.create(TEAM, { url: 'http://127.0.0.1/hooks', events: ['message.inbound'] }));
    expect(refused.code).toBe(ErrorCodes.WebhookUrlRefused);
    expect(endpoints.rows).toHaveLength(0);

    const made = await service.create(TEAM, { url: https, events: ['message.inbound'] });
    expect((await failure(service.update(TEAM, made.uuid, { url: 'http://127.0.0.1/x' }))).code).toBe(ErrorCodes.WebhookUrlRefused);
    expect(endpoints.rows[0].url).toBe(https);
  });

  it("keeps the description that marks Callbell's endpoint for Callbell's API", async () => {
    const { service } = harness();
    const refused = await failure(service.create(TEAM, { url: https, events: ['message.inbound'], description: CALLBELL_ENDPOINT_DESCRIPTION }));
    expect(refused.code).toBe(ErrorCodes.ValidationFailed);
    expect(refused.details).toEqual([expect.objectContaining({ field: 'description' })]);
  });

  it("answers another team's endpoint, and a malformed uuid, as not found, and changes nothing", async () => {
    const { service, endpoints } = harness();
    const made = await service.create(TEAM, { url: https, events: ['message.inbound'] });
    for (const call of [
      service.get(OTHER_TEAM, made.uuid),
      service.update(OTHER_TEAM, made.uuid, { enabled: false }),
      service.remove(OTHER_TEAM, made.uuid),
      service.rotateSecret(OTHER_TEAM, made.uuid),
      service.test(OTHER_TEAM, made.uuid),
      service.replaySince(OTHER_TEAM, made.uuid, '2026-11-25T00:00:00Z'),
      service.listDeliveries(OTHER_TEAM, { endpoint: made.uuid }),
      service.get(TEAM, 'not-a-uuid'),
    ]) {
      expect((await failure(call)).code).toBe(ErrorCodes.NotFound);
    }
    expect(endpoints.rows).toEqual([expect.objectContaining({ uuid: made.uuid, enabled: true })]);
  });

  it('changes only what a change names', async () => {
    const { service } = harness();
    const made = await service.create(TEAM, { url: https, events: ['message.inbound'], description: 'orders' });
    const changed = await service.update(TEAM, made.uuid, { events: ['message.status_changed', 'contact.opted_out'], enabled: false });
    expect(changed).toMatchObject({ url: https, description: 'orders', enabled: false, events: ['message.status_changed', 'contact.opted_out'] });
  });

  it('rotates to a new secret, keeping the previous one valid for 24 hours', async () => {
    const { service, endpoints } = harness();
    const made = await service.create(TEAM, { url: https, events: ['message.inbound'] });
    const now = new Date('2026-11-25T12:00:00.000Z');
    const rotated = await service.rotateSecret(TEAM, made.uuid, now);

    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(made.secret);
    expect(endpoints.rows[0]).toMatchObject({
      secretSealed: fakeSealer.seal(rotated.secret!),
      previousSecretSealed: fakeSealer.seal(made.secret!),
      previousSecretExpiresAt: new Date(now.getTime() + PREVIOUS_SECRET_VALID_MS),
    });
  });

  it('queues a ping with a fresh evt_ id for the endpoint and answers its delivery', async () => {
    const { service, deliveries } = harness();
    const made = await service.create(TEAM, { url: https, events: ['message.inbound'] });
    const first = await service.test(TEAM, made.uuid);
    const second = await service.test(TEAM, made.uuid);

    expect(first).toMatchObject({ endpointUuid: made.uuid, event: WEBHOOK_PING, status: 'pending', messageUuid: null });
    expect(first.eventId).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(second.eventId).not.toBe(first.eventId);
    expect(deliveries.rows.map((row) => row.payload)).toEqual([
      expect.objectContaining({ id: first.eventId, type: 'ping', data: { endpointUuid: made.uuid } }),
      expect.objectContaining({ id: second.eventId, type: 'ping' }),
    ]);
  });

  it('lists deliveries newest first, a page at a time, and refuses a cursor it did not give out', async () => {
    const { service } = harness();
    const made = await service.create(TEAM, { url: https, events: ['message.inbound'] });
    const pings = [];
    for (let i = 0; i < 5; i++) pings.push(await service.test(TEAM, made.uuid));

    const first = await service.listDeliveries(TEAM, { limit: 2 });
    expect(first.deliveries.map((delivery) => delivery.id)).toEqual([pings[4].id, pings[3].id]);
    const second = await service.listDeliveries(TEAM, { limit: 2, cursor: first.nextCursor! });
    expect(second.deliveries.map((delivery) => delivery.id)).toEqual([pings[2].id, pings[1].id]);
    const last = await service.listDeliveries(TEAM, { limit: 2, cursor: second.nextCursor! });
    expect(last).toEqual({ deliveries: [expect.objectContaining({ id: pings[0].id })], nextCursor: null });

    expect(() => decodeDeliveryCursor('bm9wZQ')).toThrow(HeraldError);
    expect((await service.listDeliveries(OTHER_TEAM, {})).deliveries).toEqual([]);
  });

  it("finds and replays only the team's own deliveries; an id no bigint holds is not found, not a query error", async () => {
    const { service } = harness();
    const made = await service.create(TEAM, { url: https, events: ['message.inbound'] });
    const ping = await service.test(TEAM, made.uuid);

    expect((await service.replay(TEAM, ping.id)).eventId).toBe(ping.eventId);
    for (const call of [service.delivery(OTHER_TEAM, ping.id), service.replay(OTHER_TEAM, ping.id), service.delivery(TEAM, '99999999999999999999'), service.delivery(TEAM, 'x')]) {
      expect((await failure(call)).code).toBe(ErrorCodes.NotFound);
    }
  });

  it('replays everything of an endpoint since a time', async () => {
    const { service } = harness();
    const made = await service.create(TEAM, { url: https, events: ['message.inbound'] });
    await service.test(TEAM, made.uuid, new Date('2026-11-25T09:00:00Z'));
    await service.test(TEAM, made.uuid, new Date('2026-11-25T11:00:00Z'));
    await expect(service.replaySince(TEAM, made.uuid, '2026-11-25T10:00:00Z')).resolves.toEqual({ replayed: 1 });
    expect((await failure(service.replaySince(TEAM, made.uuid, 'yesterday'))).code).toBe(ErrorCodes.ValidationFailed);
  });
});

describe('CallbellWebhooksService', () => {
  it("makes the team's one Callbell endpoint, then updates it, answering Callbell's Webhook object", async () => {
    const { callbell, endpoints } = harness();
    const first = await callbell.subscribe(TEAM, { url: https, subscriptions: ['message_created'] });
    expect(first).toEqual({ webhook: { url: https, subscriptions: ['message_created'], createdAt: '2026-11-25T10:00:00Z', enabled: true } });

    const second = await callbell.subscribe(TEAM, { url: 'https://example.com/other', subscriptions: ['message_status_updated', 'contact_updated'] });
    expect(second.webhook).toMatchObject({ url: 'https://example.com/other', subscriptions: ['message_status_updated', 'contact_updated'] });
    expect(endpoints.rows).toHaveLength(1);
    expect(endpoints.rows[0]).toMatchObject({
      description: CALLBELL_ENDPOINT_DESCRIPTION,
      events: ['message.status_changed', 'contact.opted_out', 'contact.opted_in'],
    });
  });

  it('refuses events Herald does not send, naming each, and a refused URL, storing nothing', async () => {
    const { callbell, endpoints } = harness();
    const refused = await failure(callbell.subscribe(TEAM, { url: https, subscriptions: ['message_created', 'conversation_opened', 'nonsense'] }));
    expect(refused.code).toBe(ErrorCodes.ValidationFailed);
    expect(refused.details?.map((problem) => problem.field)).toEqual(['subscriptions.1', 'subscriptions.2']);
    expect((await failure(callbell.subscribe(TEAM, { url: 'http://127.0.0.1/', subscriptions: ['message_created'] }))).code).toBe(
      ErrorCodes.WebhookUrlRefused,
    );
    expect(endpoints.rows).toHaveLength(0);
  });

  it("destroys the team's webhook, and answers not found when there is none", async () => {
    const { callbell, service, endpoints } = harness();
    await service.create(TEAM, { url: https, events: ['message.inbound'] });
    expect((await failure(callbell.unsubscribe(TEAM))).code).toBe(ErrorCodes.NotFound);
    await callbell.subscribe(TEAM, { url: https, subscriptions: ['message_created'] });
    await expect(callbell.unsubscribe(TEAM)).resolves.toEqual({ status: 'webhook was destroyed' });
    expect(endpoints.rows.map((row) => row.description)).toEqual([null]);
  });

  it("lists the Callbell endpoint's deliveries as Callbell's WebhookEvents, by page, filtered", async () => {
    const { callbell, service, deliveries, endpoints } = harness();
    await callbell.subscribe(TEAM, { url: https, subscriptions: ['message_created', 'message_status_updated'] });
    const endpoint = endpoints.rows[0];
    const at = (minute: number) => `2026-11-25T10:0${minute}:00.000Z`;
    await deliveries.enqueue([
      { endpointUuid: endpoint.uuid, teamUuid: TEAM, messageUuid: null, payload: { id: 'evt_1', type: 'message.inbound', timestamp: at(1), data: { text: 'hi' } } },
      { endpointUuid: endpoint.uuid, teamUuid: TEAM, messageUuid: 'a'.repeat(32), payload: { id: 'evt_2', type: 'message.status_changed', timestamp: at(2), data: { status: 'sent' } } },
      { endpointUuid: endpoint.uuid, teamUuid: TEAM, messageUuid: 'a'.repeat(32), payload: { id: 'evt_3', type: 'message.status_changed', timestamp: at(3), data: { status: 'read' } } },
    ]);
    Object.assign(deliveries.rows[0], { status: 'delivered', attempts: [{ at: at(1), responseCode: 200, latencyMs: 12, error: null }] });
    Object.assign(deliveries.rows[1], { status: 'failed', attempts: [{ at: at(2), responseCode: 500, latencyMs: 30, error: null }] });
    // Another endpoint's delivery is not the Callbell webhook's.
    const other = await service.create(TEAM, { url: https, events: ['message.inbound'] });
    await service.test(TEAM, other.uuid);

    const all = await callbell.events(TEAM, { items: 2 });
    expect(all.meta).toEqual({ page: 1, pages: 2 });
    expect(all.webhook_events).toEqual([
      { event: 'message_status_updated', payload: { status: 'read' }, response: { body: {}, code: null, headers: {} }, success: false, createdAt: '2026-11-25T10:03:00Z' },
      { event: 'message_status_updated', payload: { status: 'sent' }, response: { body: {}, code: 500, headers: {} }, success: false, createdAt: '2026-11-25T10:02:00Z' },
    ]);
    expect((await callbell.events(TEAM, { items: 2, page: 2 })).webhook_events.map((event) => event.event)).toEqual(['message_created']);
    expect((await callbell.events(TEAM, { status: 'success' })).webhook_events).toEqual([expect.objectContaining({ event: 'message_created', success: true })]);
    expect((await callbell.events(TEAM, { subscriptions: ['message_created'] })).meta).toEqual({ page: 1, pages: 1 });
    expect((await failure(callbell.events(TEAM, { subscriptions: ['agent_status_updated'] }))).code).toBe(ErrorCodes.ValidationFailed);
    await expect(callbell.events(OTHER_TEAM, {})).resolves.toEqual({ webhook_events: [], meta: { page: 1, pages: 0 } });
  });
});

/** In-memory stand-ins for the webhook repositories, for the services' unit specs: they keep the repositories' promises (a team sees only its own). */
class FakeEndpointsRepository implements EndpointStore {
  readonly rows: WebhookEndpoint[] = [];
  clock = new Date('2026-11-25T10:00:00.000Z');

  async create(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint> {
    const row = Object.assign(new WebhookEndpoint(), endpoint, {
      previousSecretSealed: null,
      previousSecretExpiresAt: null,
      failingSince: null,
      disabledReason: null,
      disabledAt: null,
      createdAt: this.clock,
      updatedAt: this.clock,
    });
    this.rows.push(row);
    return { ...row };
  }

  async list(teamUuid: string): Promise<WebhookEndpoint[]> {
    return this.rows.filter((row) => row.teamUuid === teamUuid).map((row) => ({ ...row }));
  }

  async find(teamUuid: string, uuid: string): Promise<WebhookEndpoint | null> {
    const row = this.rows.find((candidate) => candidate.teamUuid === teamUuid && candidate.uuid === uuid);
    return row ? { ...row } : null;
  }

  async update(teamUuid: string, uuid: string, changes: WebhookEndpointChanges): Promise<WebhookEndpoint | null> {
    const row = this.rows.find((candidate) => candidate.teamUuid === teamUuid && candidate.uuid === uuid);
    if (!row) return null;
    Object.assign(row, changes, changes.enabled ? { disabledReason: null, disabledAt: null } : {});
    return { ...row };
  }

  async delete(teamUuid: string, uuid: string): Promise<boolean> {
    const index = this.rows.findIndex((candidate) => candidate.teamUuid === teamUuid && candidate.uuid === uuid);
    if (index < 0) return false;
    this.rows.splice(index, 1);
    return true;
  }

  async rotateSecret(teamUuid: string, uuid: string, secretSealed: SealedSecret, previousValidUntil: Date): Promise<WebhookEndpoint | null> {
    const row = this.rows.find((candidate) => candidate.teamUuid === teamUuid && candidate.uuid === uuid);
    if (!row) return null;
    Object.assign(row, { previousSecretSealed: row.secretSealed, previousSecretExpiresAt: previousValidUntil, secretSealed });
    return { ...row };
  }
}

class FakeDeliveriesRepository implements DeliveryStore {
  readonly rows: WebhookDelivery[] = [];
  private nextId = 1;

  async enqueue(deliveries: NewWebhookDelivery[]): Promise<number> {
    for (const delivery of deliveries) {
      this.rows.push(
        Object.assign(new WebhookDelivery(), {
          id: String(this.nextId++),
          ...delivery,
          eventId: delivery.payload.id,
          eventType: delivery.payload.type,
          status: 'pending' as const,
          attempts: [],
          nextAttemptAt: new Date(delivery.payload.timestamp),
          leasedUntil: null,
          createdAt: new Date(delivery.payload.timestamp),
          deliveredAt: null,
        }),
      );
    }
    return deliveries.length;
  }

  async list(teamUuid: string, filter: DeliveryFilter): Promise<WebhookDelivery[]> {
    return this.rows
      .filter(
        (row) =>
          row.teamUuid === teamUuid &&
          (filter.endpointUuid === undefined || row.endpointUuid === filter.endpointUuid) &&
          (filter.status === undefined || row.status === filter.status) &&
          (filter.event === undefined || row.eventType === filter.event) &&
          (filter.before === undefined || Number(row.id) < Number(filter.before)),
      )
      .sort((a, b) => Number(b.id) - Number(a.id))
      .slice(0, filter.limit);
  }

  async find(teamUuid: string, id: string): Promise<WebhookDelivery | null> {
    return this.rows.find((row) => row.teamUuid === teamUuid && row.id === id) ?? null;
  }

  async replay(teamUuid: string, id: string): Promise<WebhookDelivery | null> {
    const row = await this.find(teamUuid, id);
    if (row) Object.assign(row, { status: 'pending', nextAttemptAt: new Date() });
    return row;
  }

  async replaySince(teamUuid: string, endpointUuid: string, since: Date): Promise<number> {
    const rows = this.rows.filter((row) => row.teamUuid === teamUuid && row.endpointUuid === endpointUuid && row.createdAt >= since);
    for (const row of rows) Object.assign(row, { status: 'pending', nextAttemptAt: new Date() });
    return rows.length;
  }
}

class FakeDeliveryLog implements DeliveryLog {
  constructor(private readonly deliveries: FakeDeliveriesRepository) {}

  async byEventId(teamUuid: string, endpointUuid: string, eventId: string): Promise<WebhookDelivery | null> {
    return this.deliveries.rows.find((row) => row.teamUuid === teamUuid && row.endpointUuid === endpointUuid && row.eventId === eventId) ?? null;
  }

  async numberedPage(teamUuid: string, endpointUuid: string, filter: NumberedPageFilter): Promise<{ rows: WebhookDelivery[]; total: number }> {
    const all = this.deliveries.rows
      .filter(
        (row) =>
          row.teamUuid === teamUuid &&
          row.endpointUuid === endpointUuid &&
          (filter.statuses === undefined || filter.statuses.includes(row.status)) &&
          (filter.eventTypes === undefined || filter.eventTypes.includes(row.eventType)),
      )
      .sort((a, b) => Number(b.id) - Number(a.id));
    return { rows: all.slice(filter.offset, filter.offset + filter.limit), total: all.length };
  }
}

/** Seals by wrapping, so a spec can see what was sealed. */
const fakeSealer: WebhookSecretSealer = { seal: (secret) => `v1.00000000.sealed.${Buffer.from(secret).toString('base64url')}` as SealedSecret };

/** The URL policy's verdict without DNS: https to a host other than 127.0.0.1 passes. */
const fakeUrlCheck: UrlCheck = {
  async check(url: string) {
    if (!url.startsWith('https://') || url.includes('127.0.0.1')) {
      throw new HeraldError(ErrorCodes.WebhookUrlRefused, 'The webhook URL is refused', [{ field: 'url', problem: 'must be an https URL' }]);
    }
  },
};
