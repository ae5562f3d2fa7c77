import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { CallbellWebhookEventsResponse, WebhookDeliveryView, WebhookEndpointView } from '@herald/contracts';
import { freePort, ServiceProcess, workspaceRoot } from '@herald/testing';

const cliPath = path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js');
const herald = <T>(...args: string[]): T => JSON.parse(execFileSync(process.execPath, [cliPath, ...args, '--json'], { env: process.env, encoding: 'utf8' })) as T;

/** Public addresses written as such, so that no check waits on DNS; nothing is delivered here (that is the notifier's). */
const receiverUrl = 'https://1.1.1.1/herald-hooks';
const otherUrl = 'https://8.8.8.8/other-hooks';

/**
 * The webhook API of the ingress alone: endpoints, the delivery log as the ingress writes and reads it, and
 * Callbell's subscribe/unsubscribe/events. Deliveries themselves are the notifier's (webhooks.e2e-spec.ts).
 */
describe('the webhook endpoints API', () => {
  let ingress: ServiceProcess;
  const teams: Array<{ uuid: string; key: string }> = [];

  beforeAll(async () => {
    for (const name of ['webhooks team A', 'webhooks team B']) {
      const team = herald<{ uuid: string }>('teams', 'create', '--name', name);
      const key = herald<{ secret: string }>('keys', 'create', '--team', team.uuid);
      teams.push({ uuid: team.uuid, key: key.secret });
    }
    ingress = await new ServiceProcess('ingress', await freePort(), { WEBHOOK_ALLOW_PRIVATE: 'false', WEBHOOK_ALLOWED_HOSTS: '' }).start();
  });

  afterAll(async () => {
    await ingress?.stop();
  });

  const api = async <T>(team: number, method: string, route: string, body?: unknown): Promise<{ status: number; json: T }> => {
    const response = await fetch(`${ingress.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${teams[team].key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json().catch(() => null)) as T };
  };

  it('makes, lists, changes and deletes an endpoint, its secret shown only when made', async () => {
    const made = await api<WebhookEndpointView>(0, 'POST', '/webhooks/endpoints', { url: receiverUrl, events: ['message.status_changed'], description: 'orders' });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ url: receiverUrl, events: ['message.status_changed'], description: 'orders', enabled: true, disabledReason: null });
    expect(made.json.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const { uuid } = made.json;

    const one = await api<WebhookEndpointView>(0, 'GET', `/webhooks/endpoints/${uuid}`);
    expect(one).toEqual({ status: 200, json: expect.objectContaining({ uuid, url: receiverUrl }) });
    expect(one.json).not.toHaveProperty('secret');
    const all = await api<{ endpoints: WebhookEndpointView[] }>(0, 'GET', '/webhooks/endpoints');
    expect(all.json.endpoints.map((endpoint) => [endpoint.uuid, endpoint.secret])).toEqual([[uuid, undefined]]);

    const changed = await api<WebhookEndpointView>(0, 'PATCH', `/webhooks/endpoints/${uuid}`, { url: otherUrl, events: ['message.inbound', 'contact.opted_out'], enabled: false });
    expect(changed).toEqual({ status: 200, json: expect.objectContaining({ url: otherUrl, events: ['message.inbound', 'contact.opted_out'], enabled: false, description: 'orders' }) });

    expect((await api(0, 'DELETE', `/webhooks/endpoints/${uuid}`)).status).toBe(204);
    expect((await api(0, 'GET', `/webhooks/endpoints/${uuid}`)).status).toBe(404);
  });

  it('refuses bad input field by field, and URLs Herald does not deliver to with webhook_url_refused', async () => {
    const bad = await api<{ error: { code: string; details: Array<{ field: string }> } }>(0, 'POST', '/webhooks/endpoints', { url: receiverUrl, events: ['message.sent'], colour: 'red' });
    expect(bad.status).toBe(422);
    expect(bad.json.error.code).toBe('validation_failed');
    expect(bad.json.error.details.map((problem) => problem.field).sort()).toEqual(['colour', 'events']);

    for (const url of ['http://1.1.1.1/plain', 'https://10.0.0.1/hook', 'https://169.254.169.254/latest', 'https://[::1]/hook', 'https://127.0.0.1/hook', 'not a url']) {
      const { status, json } = await api<{ error: { code: string; details: Array<{ field: string }> } }>(0, 'POST', '/webhooks/endpoints', { url, events: ['message.inbound'] });
      expect({ url, status, code: json.error.code, field: json.error.details[0].field }).toEqual({ url, status: 422, code: 'webhook_url_refused', field: 'url' });
    }
    const made = await api<WebhookEndpointView>(0, 'POST', '/webhooks/endpoints', { url: receiverUrl, events: ['message.inbound'] });
    const moved = await api<{ error: { code: string } }>(0, 'PATCH', `/webhooks/endpoints/${made.json.uuid}`, { url: 'https://192.168.1.1/hook' });
    expect({ status: moved.status, code: moved.json.error.code }).toEqual({ status: 422, code: 'webhook_url_refused' });
    expect((await api<WebhookEndpointView>(0, 'GET', `/webhooks/endpoints/${made.json.uuid}`)).json.url).toBe(receiverUrl);
    await api(0, 'DELETE', `/webhooks/endpoints/${made.json.uuid}`);
  });

  it("shows a team none of another team's endpoints or deliveries", async () => {
    const made = await api<WebhookEndpointView>(0, 'POST', '/webhooks/endpoints', { url: receiverUrl, events: ['message.inbound'] });
    const ping = await api<WebhookDeliveryView>(0, 'POST', `/webhooks/endpoints/${made.json.uuid}/test`);
    const { uuid } = made.json;
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/webhooks/endpoints/${uuid}`],
      ['PATCH', `/webhooks/endpoints/${uuid}`, { enabled: false }],
      ['POST', `/webhooks/endpoints/${uuid}/rotate-secret`],
      ['POST', `/webhooks/endpoints/${uuid}/test`],
      ['POST', `/webhooks/endpoints/${uuid}/replay`, { since: '2020-01-01T00:00:00Z' }],
      ['GET', `/webhooks/deliveries?endpoint=${uuid}`],
      ['GET', `/webhooks/deliveries/${ping.json.id}`],
      ['POST', `/webhooks/deliveries/${ping.json.id}/replay`],
      ['DELETE', `/webhooks/endpoints/${uuid}`],
    ];
    for (const [method, route, body] of attempts) {
      const { status } = await api(1, method, route, body);
      expect({ method, route, status }).toEqual({ method, route, status: 404 });
    }
    expect((await api<{ endpoints: unknown[] }>(1, 'GET', '/webhooks/endpoints')).json.endpoints).toEqual([]);
    expect((await api<{ deliveries: unknown[] }>(1, 'GET', '/webhooks/deliveries')).json.deliveries).toEqual([]);
    expect((await api<WebhookEndpointView>(0, 'GET', `/webhooks/endpoints/${uuid}`)).json.enabled).toBe(true);
    await api(0, 'DELETE', `/webhooks/endpoints/${uuid}`);
  });

  it('rotates the secret, shown once, and logs test pings a page at a time for replay', async () => {
    const made = await api<WebhookEndpointView>(0, 'POST', '/webhooks/endpoints', { url: receiverUrl, events: ['message.status_changed'] });
    const { uuid } = made.json;
    const rotated = await api<WebhookEndpointView>(0, 'POST', `/webhooks/endpoints/${uuid}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.json.secret).toMatch(/^whsec_/);
    expect(rotated.json.secret).not.toBe(made.json.secret);

    const pings: WebhookDeliveryView[] = [];
    for (let i = 0; i < 3; i++) {
      const ping = await api<WebhookDeliveryView>(0, 'POST', `/webhooks/endpoints/${uuid}/test`);
      expect(ping.status).toBe(200);
      expect(ping.json).toMatchObject({ endpointUuid: uuid, event: 'ping', status: 'pending', eventId: expect.stringMatching(/^evt_/) });
      pings.push(ping.json);
    }
    const first = await api<{ deliveries: WebhookDeliveryView[]; nextCursor: string }>(0, 'GET', `/webhooks/deliveries?endpoint=${uuid}&event=ping&limit=2`);
    expect(first.json.deliveries.map((delivery) => delivery.id)).toEqual([pings[2].id, pings[1].id]);
    const rest = await api<{ deliveries: WebhookDeliveryView[]; nextCursor: null }>(0, 'GET', `/webhooks/deliveries?endpoint=${uuid}&limit=2&cursor=${first.json.nextCursor}`);
    expect(rest.json).toEqual({ deliveries: [expect.objectContaining({ id: pings[0].id, payload: expect.objectContaining({ type: 'ping', id: pings[0].eventId }) })], nextCursor: null });

    const one = await api<WebhookDeliveryView>(0, 'GET', `/webhooks/deliveries/${pings[0].id}`);
    expect(one.json.eventId).toBe(pings[0].eventId);
    const replayed = await api<WebhookDeliveryView>(0, 'POST', `/webhooks/deliveries/${pings[0].id}/replay`);
    expect({ status: replayed.status, eventId: replayed.json.eventId }).toEqual({ status: 200, eventId: pings[0].eventId });
    const since = await api<{ replayed: number }>(0, 'POST', `/webhooks/endpoints/${uuid}/replay`, { since: pings[0].createdAt });
    // No notifier runs here: every ping is still pending, due anyway, so none is queued a second time.
    expect(since).toEqual({ status: 200, json: { replayed: 0 } });

    expect((await api(0, 'GET', '/webhooks/deliveries?cursor=forged')).status).toBe(422);
    expect((await api(0, 'GET', '/webhooks/deliveries/12345678901234567890123')).status).toBe(404);
    expect((await api(0, 'POST', `/webhooks/endpoints/${uuid}/replay`, { since: 'last tuesday' })).status).toBe(422);
    await api(0, 'DELETE', `/webhooks/endpoints/${uuid}`);
  });

  it("answers Callbell's subscribe, events and unsubscribe as Callbell documents them", async () => {
    const subscribed = await api<{ webhook: Record<string, unknown> }>(1, 'POST', '/webhooks/subscribe', { url: receiverUrl, subscriptions: ['message_created'] });
    expect(subscribed.status).toBe(200);
    expect(subscribed.json).toEqual({
      webhook: { url: receiverUrl, subscriptions: ['message_created'], createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), enabled: true },
    });
    const again = await api<{ webhook: Record<string, unknown> }>(1, 'POST', '/webhooks/subscribe', { url: otherUrl, subscriptions: ['message_status_updated', 'contact_updated'] });
    expect(again.json.webhook).toEqual({ ...subscribed.json.webhook, url: otherUrl, subscriptions: ['message_status_updated', 'contact_updated'] });
    const listed = (await api<{ endpoints: WebhookEndpointView[] }>(1, 'GET', '/webhooks/endpoints')).json.endpoints;
    expect(listed).toEqual([expect.objectContaining({ description: 'callbell', url: otherUrl, events: ['message.status_changed', 'contact.opted_out', 'contact.opted_in'] })]);

    const unknown = await api<{ error: { code: string; details: Array<{ field: string }> } }>(1, 'POST', '/webhooks/subscribe', { url: receiverUrl, subscriptions: ['message_created', 'conversation_opened'] });
    expect({ status: unknown.status, code: unknown.json.error.code, fields: unknown.json.error.details.map((problem) => problem.field) }).toEqual({
      status: 422,
      code: 'validation_failed',
      fields: ['subscriptions.1'],
    });
    expect((await api<{ error: { code: string } }>(1, 'POST', '/webhooks/subscribe', { url: 'http://1.1.1.1/', subscriptions: ['message_created'] })).json.error.code).toBe('webhook_url_refused');

    await api(1, 'POST', `/webhooks/endpoints/${listed[0].uuid}/test`);
    const events = await api<CallbellWebhookEventsResponse>(1, 'GET', '/webhooks/events?page=1&items=10');
    expect(events).toEqual({
      status: 200,
      json: {
        webhook_events: [{ event: 'ping', payload: { endpointUuid: listed[0].uuid }, response: { body: {}, code: null, headers: {} }, success: false, createdAt: expect.any(String) }],
        meta: { page: 1, pages: 1 },
      },
    });
    expect((await api<CallbellWebhookEventsResponse>(1, 'GET', '/webhooks/events?status=success&subscriptions=message_created,message_status_updated')).json).toEqual({
      webhook_events: [],
      meta: { page: 1, pages: 0 },
    });
    expect((await api(1, 'GET', '/webhooks/events?subscriptions=agent_status_updated')).status).toBe(422);

    expect(await api(1, 'DELETE', '/webhooks/unsubscribe')).toEqual({ status: 200, json: { status: 'webhook was destroyed' } });
    expect((await api(1, 'DELETE', '/webhooks/unsubscribe')).status).toBe(404);
    expect((await api<{ endpoints: unknown[] }>(1, 'GET', '/webhooks/endpoints')).json.endpoints).toEqual([]);
    expect((await api<CallbellWebhookEventsResponse>(1, 'GET', '/webhooks/events')).json).toEqual({ webhook_events: [], meta: { page: 1, pages: 0 } });
  });

  it('manages endpoints from the CLI through the same service and checks', () => {
    const team = teams[0].uuid;
    const added = herald<WebhookEndpointView>('webhooks', 'add', '--team', team, '--url', receiverUrl, '--events', 'message.inbound,contact.opted_in');
    expect(added).toMatchObject({ url: receiverUrl, events: ['message.inbound', 'contact.opted_in'], secret: expect.stringMatching(/^whsec_/) });
    expect(herald<WebhookEndpointView[]>('webhooks', 'list', '--team', team).map((endpoint) => endpoint.uuid)).toContain(added.uuid);
    expect(herald<WebhookEndpointView>('webhooks', 'set', '--team', team, '--endpoint', added.uuid, '--disable')).toMatchObject({ enabled: false });
    const ping = herald<WebhookDeliveryView>('webhooks', 'test', '--team', team, '--endpoint', added.uuid);
    expect(herald<{ deliveries: WebhookDeliveryView[] }>('webhooks', 'deliveries', '--team', team, '--endpoint', added.uuid).deliveries.map((d) => d.id)).toEqual([ping.id]);
    expect(() => execFileSync(process.execPath, [cliPath, 'webhooks', 'add', '--team', team, '--url', 'https://10.0.0.1/x', '--events', 'message.inbound'], { stdio: 'pipe' })).toThrow(
      /webhook URL is refused/,
    );
    expect(herald<{ removed: boolean }>('webhooks', 'remove', '--team', team, '--endpoint', added.uuid)).toEqual({ uuid: added.uuid, removed: true });
  });
});
