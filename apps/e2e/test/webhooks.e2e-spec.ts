import { contractExamples, SendMessageResponse, templateUuidFor, WebhookDeliveryView, WebhookEndpointView } from '@herald/contracts';
import { customerWrites, DeliveryReceiver, eventually, Platform, ReceivedDelivery, startDeliveryReceiver, startPlatform } from '@herald/testing';
import { Webhook } from 'standardwebhooks';

/** Receivers listen on 127.0.0.1, which this installation allows by name; anything else private is refused. */
const receiversHost = '127.0.0.1';
const stages = ['enqueued', 'sent', 'delivered', 'read'];
/** The sandbox's WhatsApp Business Account, whose templates the demo channel sends. */
const wabaId = '100000000000001';
const templates: Record<string, Record<string, unknown>> = {
  template: { from: 'whatsapp', type: 'text', content: { text: 'Jo' }, template_uuid: templateUuidFor(wabaId, 'greeting', 'en_US'), optin_contact: true },
  'media template': {
    from: 'whatsapp',
    type: 'image',
    content: { url: 'https://example.com/promo.jpeg' },
    template_values: ['Jo', '20%'],
    template_uuid: templateUuidFor(wabaId, 'summer_promo', 'en_US'),
    optin_contact: true,
  },
};

describe("webhooks to a team's own systems", () => {
  let platform: Platform;
  const receivers: DeliveryReceiver[] = [];

  beforeAll(async () => {
    platform = await startPlatform({
      env: { WEBHOOK_ALLOW_PRIVATE: 'false', WEBHOOK_ALLOWED_HOSTS: receiversHost, WEBHOOK_RETRY_BASE_MS: '200', WEBHOOK_TIMEOUT_MS: '2000' },
    });
  });

  afterAll(async () => {
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await platform?.stop();
  });

  const api = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> => {
    const response = await fetch(`${platform.ingressUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${platform.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json().catch(() => null)) as T };
  };

  const receiver = async (answer?: Parameters<typeof startDeliveryReceiver>[0]) => {
    const started = await startDeliveryReceiver(answer);
    receivers.push(started);
    return started;
  };

  const endpointFor = async (target: DeliveryReceiver, events: string[]) => {
    const { status, json } = await api<WebhookEndpointView>('POST', '/webhooks/endpoints', { url: target.url, events });
    expect(status).toBe(201);
    expect(json.secret).toMatch(/^whsec_/);
    return json as WebhookEndpointView & { secret: string };
  };

  const send = async (body: Record<string, unknown>, to: string) => {
    const { status, json } = await api<SendMessageResponse>('POST', '/messages/send', { ...body, to });
    expect(status).toBe(200);
    return json.message.uuid;
  };

  /** Every delivery verified by standardwebhooks, the verifier nobody here wrote. */
  const verified = (deliveries: ReceivedDelivery[], secret: string) => {
    const verifier = new Webhook(secret);
    for (const delivery of deliveries) {
      const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, String(delivery.headers[name])]));
      expect(verifier.verify(delivery.body, headers)).toEqual(delivery.payload);
      expect(delivery.headers['webhook-id']).toBe(delivery.payload.id);
    }
    return deliveries;
  };

  const statusesOf = (deliveries: ReceivedDelivery[], uuid: string) =>
    deliveries.filter((delivery) => delivery.payload.data.messageUuid === uuid).map((delivery) => delivery.payload.data.status);

  it('delivers each endpoint exactly the events it asked for, signed, in order per message', async () => {
    const statusReceiver = await receiver();
    const inboundReceiver = await receiver();
    const statuses = await endpointFor(statusReceiver, ['message.status_changed']);
    const inbound = await endpointFor(inboundReceiver, ['message.inbound']);

    const customer = '+15550300001';
    await customerWrites(platform, customer, { text: 'Hi there' });
    const kinds = { ...contractExamples, ...templates };
    const uuids: string[] = [];
    for (const kind of ['text', 'image', 'document', 'audio', 'video', 'template', 'media template']) uuids.push(await send(kinds[kind], customer));
    const withMetadata = await send({ ...contractExamples.text, metadata: { order: 'A-1' } }, customer);
    uuids.push(withMetadata);

    // Each message: enqueued, sent, delivered, read (the sandbox reports all three), in that order.
    const received = verified(await statusReceiver.waitFor(uuids.length * stages.length, 60_000), statuses.secret);
    for (const uuid of uuids) expect(statusesOf(received, uuid)).toEqual(stages);
    expect(received.every((delivery) => delivery.payload.type === 'message.status_changed')).toBe(true);
    expect(new Set(received.map((delivery) => delivery.payload.id)).size).toBe(received.length);
    const echoed = received.filter((delivery) => delivery.payload.data.messageUuid === withMetadata);
    expect(echoed.map((delivery) => delivery.payload.data.metadata)).toEqual(stages.map(() => ({ order: 'A-1' })));

    const [hello] = verified(await inboundReceiver.waitFor(1), inbound.secret);
    expect(hello.payload).toEqual(expect.objectContaining({ type: 'message.inbound', data: expect.objectContaining({ from: customer, text: 'Hi there' }) }));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(inboundReceiver.received).toHaveLength(1);
    expect(statusReceiver.received).toHaveLength(uuids.length * stages.length);
  });

  it("passes on a customer's image, location and quick reply with their details", async () => {
    const target = await receiver();
    const endpoint = await endpointFor(target, ['message.inbound']);
    const customer = '+15550300010';
    const wamids: string[] = [];
    for (const kind of [
      { image: { caption: 'my order', mime_type: 'image/png' } },
      { location: { latitude: 48.8584, longitude: 2.2945, name: 'Tour Eiffel', address: 'Champ de Mars, Paris' } },
      { button: { text: 'Yes please', payload: 'confirm' } },
    ]) {
      const response = await fetch(`${platform.sandboxUrl}/_sandbox/inbound`, {
        method: 'POST',
        headers: { ...platform.internalHeaders, 'content-type': 'application/json' },
        body: JSON.stringify({ from: customer, ...kind }),
      });
      const delivery = (await response.json()) as { wamid: string; httpStatus: number };
      expect([response.status, delivery.httpStatus]).toEqual([200, 200]);
      wamids.push(delivery.wamid);
    }

    const received = verified(await target.waitFor(3, 30_000), endpoint.secret);
    const dataOf = (wamid: string) => received.find((delivery) => delivery.payload.data.providerMessageId === wamid)?.payload.data;
    const [image, location, button] = wamids.map(dataOf);
    expect(image).toEqual(
      expect.objectContaining({
        from: customer,
        type: 'image',
        media: { id: expect.stringMatching(/^\d+$/), mimeType: 'image/png', sha256: expect.any(String), caption: 'my order' },
      }),
    );
    expect(image).not.toHaveProperty('text');
    expect(location).toEqual(
      expect.objectContaining({ type: 'location', location: { latitude: 48.8584, longitude: 2.2945, name: 'Tour Eiffel', address: 'Champ de Mars, Paris' } }),
    );
    expect(button).toEqual(expect.objectContaining({ type: 'button', text: 'Yes please', reply: { kind: 'button', id: 'confirm', title: 'Yes please' } }));
    expect(received.every((delivery) => delivery.payload.type === 'message.inbound')).toBe(true);
  });

  it("tells a contact's STOP and START, and the team's own opt-out, to the endpoints that asked", async () => {
    const contacts = await receiver();
    const endpoint = await endpointFor(contacts, ['contact.opted_out', 'contact.opted_in']);
    const customer = '+15550300007';
    await customerWrites(platform, customer, { text: 'STOP' });
    await contacts.waitFor(1);
    await customerWrites(platform, customer, { text: 'START' });
    await contacts.waitFor(2);
    expect((await api('POST', '/contacts/opt-out', { phone: customer })).status).toBe(200);
    const received = verified(await contacts.waitFor(3), endpoint.secret);
    expect(received.map((delivery) => [delivery.payload.type, delivery.payload.data.origin])).toEqual([
      ['contact.opted_out', 'customer'],
      ['contact.opted_in', 'customer'],
      ['contact.opted_out', 'team'],
    ]);
  });

  it('retries a receiver answering 500 until it answers 200, with the same event ids, and sends nothing twice after', async () => {
    const flaky = await receiver((_delivery, index) => ({ status: index < 3 ? 500 : 200 }));
    const endpoint = await endpointFor(flaky, ['message.status_changed']);
    const customer = '+15550300002';
    await customerWrites(platform, customer);
    const uuid = await send(contractExamples.text, customer);

    const received = verified(await flaky.waitFor(3 + stages.length, 60_000), endpoint.secret);
    const ids = received.map((delivery) => delivery.payload.id);
    // The first event three times (500), then once more (200), then the others once each.
    expect(ids.slice(0, 4)).toEqual([ids[0], ids[0], ids[0], ids[0]]);
    expect(statusesOf(received.slice(3), uuid)).toEqual(stages);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(flaky.received).toHaveLength(3 + stages.length);

    const { json } = await api<{ deliveries: WebhookDeliveryView[] }>('GET', `/webhooks/deliveries?endpoint=${endpoint.uuid}`);
    const first = json.deliveries.find((delivery) => delivery.eventId === ids[0]);
    expect(first?.attempts.map((attempt) => attempt.responseCode)).toEqual([500, 500, 500, 200]);
  });

  it('lets a receiver that hangs delay no other endpoint', async () => {
    const hanging = await receiver(() => ({ status: 200, delayMs: 60_000 }));
    const prompt = await receiver();
    await endpointFor(hanging, ['message.status_changed']);
    await endpointFor(prompt, ['message.status_changed']);
    const customer = '+15550300003';
    await customerWrites(platform, customer);
    const started = Date.now();
    const uuid = await send(contractExamples.text, customer);
    const received = await prompt.waitFor(stages.length, 30_000);
    expect(statusesOf(received, uuid)).toEqual(stages);
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(hanging.received.length).toBeGreaterThan(0);
  });

  it('replays a delivery from the log with its event id and a fresh signature', async () => {
    const target = await receiver();
    const endpoint = await endpointFor(target, ['message.status_changed']);
    const customer = '+15550300004';
    await customerWrites(platform, customer);
    await send(contractExamples.text, customer);
    const [original] = await target.waitFor(stages.length, 30_000);
    const { json } = await api<{ deliveries: WebhookDeliveryView[] }>('GET', `/webhooks/deliveries?endpoint=${endpoint.uuid}&status=delivered`);
    const logged = json.deliveries.find((delivery) => delivery.eventId === original.payload.id);
    expect(logged).toBeDefined();
    // A signature covers the second it was made in: the replay's is a second later at least.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await api('POST', `/webhooks/deliveries/${logged!.id}/replay`)).status).toBe(200);
    const replayed = await eventually(async () => target.received.slice(stages.length).find((delivery) => delivery.payload.id === original.payload.id));
    verified([replayed], endpoint.secret);
    expect(replayed.body).toBe(original.body);
    expect(replayed.headers['webhook-signature']).not.toBe(original.headers['webhook-signature']);
  });

  it('refuses endpoints on private addresses unless allowed, and follows no redirect', async () => {
    for (const url of ['http://localhost:9/hook', 'https://10.0.0.1/hook', 'https://169.254.169.254/latest', 'http://example.com/plain']) {
      const { status, json } = await api<{ error: { code: string } }>('POST', '/webhooks/endpoints', { url, events: ['message.status_changed'] });
      expect({ url, status, code: json.error.code }).toEqual({ url, status: 422, code: 'webhook_url_refused' });
    }

    const elsewhere = await receiver();
    const redirecting = await receiver(() => ({ status: 302, headers: { location: elsewhere.url } }));
    const endpoint = await endpointFor(redirecting, ['message.status_changed']);
    const customer = '+15550300005';
    await customerWrites(platform, customer);
    await send(contractExamples.text, customer);
    await redirecting.waitFor(2, 30_000);
    expect(elsewhere.received).toEqual([]);
    const { json } = await api<{ deliveries: WebhookDeliveryView[] }>('GET', `/webhooks/deliveries?endpoint=${endpoint.uuid}`);
    expect(json.deliveries.flatMap((delivery) => delivery.attempts.map((attempt) => attempt.responseCode))).toContain(302);
    expect(json.deliveries.every((delivery) => delivery.status !== 'delivered')).toBe(true);
  });

  it('loses nothing when the notifier is killed mid-delivery', async () => {
    const slow = await receiver(() => ({ status: 200, delayMs: 1_500 }));
    const endpoint = await endpointFor(slow, ['message.status_changed']);
    const customer = '+15550300006';
    await customerWrites(platform, customer);
    const uuids: string[] = [];
    for (let i = 0; i < 5; i += 1) uuids.push(await send(contractExamples.text, customer));
    await slow.waitFor(1, 30_000);
    await platform.services.notifier.stop('SIGKILL');
    await platform.services.notifier.start();
    await eventually(async () => {
      const seen = new Set(slow.received.map((delivery) => `${delivery.payload.data.messageUuid}:${delivery.payload.data.status}`));
      return uuids.every((uuid) => stages.every((stage) => seen.has(`${uuid}:${stage}`))) ? true : undefined;
    }, 90_000, 250);
    verified(slow.received, endpoint.secret);
  });
});
