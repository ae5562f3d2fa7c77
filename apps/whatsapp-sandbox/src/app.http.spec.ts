import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHash } from 'node:crypto';
import { type GraphErrorResponse, type GraphMediaUrlResponse, isValidWebhookSignature, type WebhookPayload } from '@herald/whatsapp';
import { startWebhookReceiver, type WebhookReceiver } from '../test/webhook-receiver';
import { createSandboxHttpAdapter, protectControlEndpoints } from './sandbox-http-adapter';

/**
 * The whole sandbox in this process, over real HTTP on a free port: a send, its answer, its record, and its three
 * signed status webhooks on a local receiver.
 */
const APP_SECRET = 'http-test-app-secret';
const ACCESS_TOKEN = 'sandbox-test-token';
const INTERNAL_TOKEN = 'http-test-internal-api-token';
/** What a call to a control endpoint (`/_sandbox/*`) carries. */
const control = { authorization: `Bearer ${INTERNAL_TOKEN}` };
const PHONE_NUMBER_ID = '106540352242922';

describe('WhatsApp sandbox over HTTP', () => {
  let app: INestApplication;
  let receiver: WebhookReceiver;
  let baseUrl: string;
  const savedEnvironment = { ...process.env };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    // The configuration is read when the AppModule is imported, so the environment is set first.
    Object.assign(process.env, {
      WHATSAPP_APP_SECRET: APP_SECRET,
      SANDBOX_ACCESS_TOKEN: ACCESS_TOKEN,
      INTERNAL_API_TOKEN: INTERNAL_TOKEN,
      WEBHOOK_URL: receiver.url,
      SANDBOX_WEBHOOK_DELAYS_MS: '20,40,60',
      LOG_LEVEL: 'silent',
    });
    const { AppModule } = await import('./app.module');
    app = await NestFactory.create<NestFastifyApplication>(AppModule, createSandboxHttpAdapter(), {
      logger: false,
      abortOnError: false,
    });
    protectControlEndpoints(app as NestFastifyApplication);
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await receiver?.close();
    process.env = savedEnvironment;
  });

  const post = (path: string, body: unknown, token: string | null = ACCESS_TOKEN) =>
    fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = (path: string, token = path.startsWith('/_sandbox/') ? INTERNAL_TOKEN : undefined) =>
    fetch(path.startsWith('http') ? path : `${baseUrl}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it("serves its control endpoints only with the internal API token, and its Graph API with Meta's token check", async () => {
    for (const path of ['/_sandbox/messages', '/_sandbox/receipts', '/_sandbox/faults']) {
      expect({ path, status: (await get(path, 'not-the-internal-token')).status }).toEqual({ path, status: 401 });
      expect({ path, status: (await fetch(`${baseUrl}${path}`)).status }).toEqual({ path, status: 401 });
    }
    const inbound = await fetch(`${baseUrl}/_sandbox/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+15550001111', text: 'STOP' }),
    });
    expect(inbound.status).toBe(401);
    expect(await inbound.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('INTERNAL_API_TOKEN') } });

    const send = { messaging_product: 'whatsapp', to: '15550001111', type: 'text', text: { body: 'Hi' } };
    const withTheInternalToken = await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, send, INTERNAL_TOKEN);
    expect(withTheInternalToken.status).toBe(401);
    expect(((await withTheInternalToken.json()) as { error: { code: number } }).error.code).toBe(190);
  });

  it('accepts a text message, records it, and reports sent, delivered and read with valid signatures', async () => {
    const send = {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '15550001111',
      type: 'text',
      text: { body: 'Your order #123 ships today', preview_url: false },
      biz_opaque_callback_data: '0b8e6a0c-5a55-4f0e-9d8e-5a1c2b3d4e5f',
    };
    const response = await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, send);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const answer = (await response.json()) as { messages: Array<{ id: string }> };
    expect(answer).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: '15550001111', wa_id: '15550001111' }],
      messages: [{ id: expect.stringMatching(/^wamid\.HBgL[A-Za-z0-9+/]+=*$/) }],
    });
    const wamid = answer.messages[0].id;

    const recorded = await (await get(`/_sandbox/messages/${encodeURIComponent(wamid)}`)).json();
    expect(recorded).toEqual({
      wamid,
      phoneNumberId: PHONE_NUMBER_ID,
      apiVersion: 'v23.0',
      to: '15550001111',
      receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      headers: expect.objectContaining({ authorization: 'Bearer ***', 'content-type': 'application/json' }),
      body: send,
    });
    expect(JSON.stringify(recorded)).not.toContain(ACCESS_TOKEN);

    const webhooks = await receiver.waitFor(3);
    expect(webhooks.map((webhook) => webhook.status.status)).toEqual(['sent', 'delivered', 'read']);
    for (const webhook of webhooks) {
      expect(
        isValidWebhookSignature(
          APP_SECRET,
          webhook.rawBody,
          webhook.headers['x-hub-signature-256'] as string,
        ),
      ).toBe(true);
      expect(
        isValidWebhookSignature(
          'some-other-secret',
          webhook.rawBody,
          webhook.headers['x-hub-signature-256'] as string,
        ),
      ).toBe(false);
      expect(webhook.headers['content-type']).toBe('application/json');
      expect(webhook.payload.object).toBe('whatsapp_business_account');
      expect(webhook.payload.entry[0].id).toBe('100000000000001');
      expect(webhook.payload.entry[0].changes[0].field).toBe('messages');
      expect(webhook.payload.entry[0].changes[0].value.metadata).toEqual({
        display_phone_number: '15550009999',
        phone_number_id: PHONE_NUMBER_ID,
      });
      expect(webhook.status).toMatchObject({
        id: wamid,
        recipient_id: '15550001111',
        biz_opaque_callback_data: send.biz_opaque_callback_data,
        timestamp: expect.stringMatching(/^\d{10}$/),
      });
    }
    expect(webhooks[0].status.pricing).toEqual({ billable: true, pricing_model: 'CBP', category: 'service' });
    expect(webhooks[2].status.conversation).toBeUndefined();

    await new Promise((resolve) => setTimeout(resolve, 50));
    const deliveries = (await (
      await get(`/_sandbox/webhooks?wamid=${encodeURIComponent(wamid)}`)
    ).json()) as { data: unknown[] };
    expect(deliveries.data).toEqual(
      ['sent', 'delivered', 'read'].map((status) =>
        expect.objectContaining({
          wamid,
          status,
          url: receiver.url,
          outcome: 'delivered',
          attempts: 1,
          lastHttpStatus: 200,
        }),
      ),
    );
  });

  it('filters the recorded sends by recipient and phone number id', async () => {
    const byRecipient = (await (await get('/_sandbox/messages?to=%2B1%20555%20000%201111')).json()) as {
      data: Array<{ to: string }>;
    };
    expect(byRecipient.data.length).toBeGreaterThan(0);
    expect(byRecipient.data.every((send) => send.to === '15550001111')).toBe(true);
    const otherNumber = (await (await get('/_sandbox/messages?phone_number_id=999')).json()) as {
      data: unknown[];
    };
    expect(otherNumber.data).toEqual([]);
  });

  it('lists every send as {wamid, receivedAt, bizOpaqueCallbackData} at /_sandbox/receipts, with the same filters', async () => {
    const withoutCallback = await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, {
      messaging_product: 'whatsapp',
      to: '+1 555 000 2222',
      type: 'text',
      text: { body: 'No callback data' },
    });
    expect(withoutCallback.status).toBe(200);
    const { data: sends } = (await (await get('/_sandbox/messages')).json()) as {
      data: Array<{ wamid: string; receivedAt: string; body: { biz_opaque_callback_data?: string } }>;
    };
    expect(sends.length).toBeGreaterThanOrEqual(2);
    const last = sends[sends.length - 1];

    expect(await (await get('/_sandbox/receipts')).json()).toEqual({
      data: sends.map(({ wamid, receivedAt, body }) =>
        body.biz_opaque_callback_data === undefined
          ? { wamid, receivedAt }
          : { wamid, receivedAt, bizOpaqueCallbackData: body.biz_opaque_callback_data },
      ),
    });
    expect(await (await get('/_sandbox/receipts?to=15550002222')).json()).toEqual({
      data: [{ wamid: last.wamid, receivedAt: last.receivedAt }],
    });
    expect(await (await get('/_sandbox/receipts?phone_number_id=999')).json()).toEqual({ data: [] });
    expect((await get('/_sandbox/receipts?phone_number_id=abc')).status).toBe(400);
  });

  it('answers a missing or wrong access token with Meta’s 401, code 190', async () => {
    const body = { messaging_product: 'whatsapp', to: '15550001111', type: 'text', text: { body: 'hi' } };
    for (const token of [null, 'wrong-token']) {
      const response = await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, body, token);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: {
          message: expect.any(String),
          type: 'OAuthException',
          code: 190,
          fbtrace_id: expect.stringMatching(/^A/),
        },
      });
    }
  });

  it('answers an invalid send with Meta’s (#100) Invalid parameter, and records nothing', async () => {
    const before = ((await (await get('/_sandbox/messages')).json()) as { data: unknown[] }).data.length;
    const response = await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, {
      messaging_product: 'whatsapp',
      to: '15550001111',
      type: 'text',
      text: { body: '' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        message: '(#100) Invalid parameter',
        type: 'OAuthException',
        code: 100,
        error_data: { messaging_product: 'whatsapp', details: 'text.body must not be empty' },
        fbtrace_id: expect.any(String),
      },
    });
    const malformed = await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, '{"messaging_product":');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: number } }).error.code).toBe(100);
    expect(((await (await get('/_sandbox/messages')).json()) as { data: unknown[] }).data).toHaveLength(
      before,
    );
  });

  it('takes bodies up to 1 MB, and answers a larger one in Meta’s shape', async () => {
    const large = {
      messaging_product: 'whatsapp',
      to: '15550001111',
      type: 'text',
      text: { body: 'x'.repeat(900_000) },
    };
    const withinLimit = await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, large);
    expect(withinLimit.status).toBe(400);
    expect(
      ((await withinLimit.json()) as { error: { error_data: { details: string } } }).error.error_data.details,
    ).toBe('text.body must be at most 4096 characters');
    const tooLarge = await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, {
      ...large,
      text: { body: 'x'.repeat(1_100_000) },
    });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { error: { code: number } }).error.code).toBe(100);
  });

  it('lists message templates in pages, with an absolute paging.next', async () => {
    const unauthorised = await get('/v23.0/100000000000001/message_templates');
    expect(unauthorised.status).toBe(401);
    const first = (await (
      await get('/v23.0/100000000000001/message_templates?limit=2', ACCESS_TOKEN)
    ).json()) as {
      data: Array<{ name: string }>;
      paging: { cursors: { after: string }; next: string };
    };
    expect(first.data.map((template) => template.name)).toEqual(['hello_world', 'greeting']);
    expect(first.paging.next).toBe(
      `${baseUrl}/v23.0/100000000000001/message_templates?limit=2&after=${first.paging.cursors.after}`,
    );
    const second = (await (await get(first.paging.next, ACCESS_TOKEN)).json()) as {
      data: Array<{ name: string; language: string }>;
    };
    expect(second.data.map((template) => `${template.name}/${template.language}`)).toEqual([
      'greeting/es',
      'order_shipped/en_US',
    ]);
  });

  it('answers unknown paths with a Meta-style 404, and serves the health endpoints', async () => {
    const unknown = await get('/v23.0/me/friends');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      error: {
        message: 'Unknown path components: /v23.0/me/friends',
        type: 'OAuthException',
        code: 2500,
        fbtrace_id: expect.any(String),
      },
    });
    expect((await get('/health/live')).status).toBe(200);
    expect((await get('/health/ready')).status).toBe(200);
    expect((await get('/_sandbox/messages/wamid.unknown')).status).toBe(404);
  });

  it('forgets everything on DELETE /_sandbox/messages', async () => {
    const reset = await fetch(`${baseUrl}/_sandbox/messages`, { method: 'DELETE', headers: control });
    expect(reset.status).toBe(200);
    expect(((await reset.json()) as { cleared: { messages: number } }).cleared.messages).toBeGreaterThan(0);
    expect(await (await get('/_sandbox/messages')).json()).toEqual({ data: [] });
    expect(await (await get('/_sandbox/webhooks')).json()).toEqual({ data: [] });
  });

  describe('faults set at run time', () => {
    const text = (to: string) => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body: 'Hi' } });
    const addFault = async (rule: unknown) => {
      const response = await post('/_sandbox/faults', rule, INTERNAL_TOKEN);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const statusesOf = async (wamid: string, count: number) => {
      const deadline = Date.now() + 5_000;
      for (;;) {
        const mine = receiver.received.filter((webhook) => webhook.status.id === wamid);
        if (mine.length >= count || Date.now() > deadline) return mine.map((webhook) => webhook.status);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    afterEach(async () => {
      await fetch(`${baseUrl}/_sandbox/faults`, { method: 'DELETE', headers: control });
    });

    it('answers an injected error to one recipient, the given number of times, and nobody else', async () => {
      expect((await addFault({ to: '+15550002222', times: 2, error: { http_status: 503, code: 131016, details: 'try later' } })).status).toBe(201);
      const first = await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, text('15550002222'));
      expect(first.status).toBe(503);
      expect(await first.json()).toMatchObject({ error: { code: 131016, error_data: { details: 'try later' } } });
      expect((await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, text('15550003333'))).status).toBe(200);
      expect((await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, text('15550002222'))).status).toBe(503);
      expect((await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, text('15550002222'))).status).toBe(200);
    });

    it('answers 130429 above the rate limit, counting only accepted sends', async () => {
      await addFault({ rate_limit_per_second: 3 });
      const answers = [];
      for (let i = 0; i < 5; i += 1) answers.push((await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, text('15550004444'))).status);
      expect(answers).toEqual([200, 200, 200, 400, 400]);
      const refused = await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, text('15550004444'));
      expect(await refused.json()).toMatchObject({ error: { code: 130429 } });
      expect(await (await get('/_sandbox/faults')).json()).toMatchObject({ throttled: 3 });
      // Another business number has its own limit.
      expect((await post('/v23.0/106540352242923/messages', text('15550004444'))).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1_050));
      expect((await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, text('15550004444'))).status).toBe(200);
    });

    it('accepts a send and then reports it failed with the injected error', async () => {
      await addFault({ to: '15550005555', fail_delivery: { code: 131026, title: 'Message undeliverable' } });
      const response = await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, text('15550005555'));
      expect(response.status).toBe(200);
      const { messages } = (await response.json()) as { messages: Array<{ id: string }> };
      const statuses = await statusesOf(messages[0].id, 1);
      expect(statuses).toEqual([expect.objectContaining({ status: 'failed', errors: [expect.objectContaining({ code: 131026, title: 'Message undeliverable' })] })]);
    });

    it('sends webhooks in the injected order (read before delivered)', async () => {
      await addFault({ to: '15550006666', webhook_delays_ms: [10, 150, 80] });
      const response = await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, text('15550006666'));
      const { messages } = (await response.json()) as { messages: Array<{ id: string }> };
      expect((await statusesOf(messages[0].id, 3)).map((status) => status.status)).toEqual(['sent', 'read', 'delivered']);
    });

    it('drops the connection, with or without accepting the message first', async () => {
      await addFault({ to: '15550007777', connection: 'close', times: 1 });
      await expect(post(`/v23.0/${PHONE_NUMBER_ID}/messages`, text('15550007777'))).rejects.toThrow();
      expect(await (await get('/_sandbox/messages?to=15550007777')).json()).toEqual({ data: [] });

      await addFault({ to: '15550007777', connection: 'close', accept_first: true, times: 1 });
      await expect(post(`/v23.0/${PHONE_NUMBER_ID}/messages`, text('15550007777'))).rejects.toThrow();
      const recorded = (await (await get('/_sandbox/messages?to=15550007777')).json()) as { data: Array<{ wamid: string }> };
      expect(recorded.data).toHaveLength(1);
      expect((await statusesOf(recorded.data[0].wamid, 3)).map((status) => status.status)).toEqual(['sent', 'delivered', 'read']);
    });

    it('refuses a fault with no effect or two, and lists and removes faults', async () => {
      expect((await addFault({ to: '15550008888' })).status).toBe(400);
      expect((await addFault({ latency_ms: 5, error: { http_status: 500 } })).status).toBe(400);
      expect((await addFault({ latency_ms: 5, nonsense: true })).status).toBe(400);
      const { body } = await addFault({ latency_ms: 5 });
      expect(await (await get('/_sandbox/faults')).json()).toEqual({ data: [expect.objectContaining({ id: body.id, latency_ms: 5 })], throttled: 0 });
      expect((await fetch(`${baseUrl}/_sandbox/faults/${String(body.id)}`, { method: 'DELETE', headers: control })).status).toBe(200);
      expect(await (await get('/_sandbox/faults')).json()).toEqual({ data: [], throttled: 0 });
    });
  });

  describe("a customer's media", () => {
    /** A customer sends a media; its object in the webhook the sandbox sent. */
    const simulate = async (body: Record<string, unknown>) => {
      const response = await post('/_sandbox/inbound', { from: '+15550001111', phone_number_id: PHONE_NUMBER_ID, ...body }, INTERNAL_TOKEN);
      expect(response.status).toBe(200);
      const { payload } = (await response.json()) as { payload: WebhookPayload };
      const message = payload.entry[0].changes[0].value.messages![0];
      return message[message.type] as { id: string; mime_type: string; sha256: string };
    };

    it("answers the media's URL and details, and its bytes at that URL, both with the access token only", async () => {
      const bytes = Buffer.from('the bytes of a customer photo');
      const image = await simulate({ image: { caption: 'my order', data: bytes.toString('base64') } });

      const answer = await get(`/v23.0/${image.id}`, ACCESS_TOKEN);
      expect(answer.status).toBe(200);
      const media = (await answer.json()) as GraphMediaUrlResponse;
      expect(media).toEqual({
        messaging_product: 'whatsapp',
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/whatsapp_business\/attachments\?mid=\d+$/),
        mime_type: 'image/jpeg',
        sha256: createHash('sha256').update(bytes).digest('base64'),
        file_size: String(bytes.length),
        id: image.id,
      });
      expect(media.sha256).toBe(image.sha256);
      expect((await get(`/v23.0/${image.id}?phone_number_id=${PHONE_NUMBER_ID}`, ACCESS_TOKEN)).status).toBe(200);

      const download = await get(media.url, ACCESS_TOKEN);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('image/jpeg');
      expect(download.headers.get('content-length')).toBe(String(bytes.length));
      expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);

      for (const path of [`/v23.0/${image.id}`, media.url]) {
        for (const token of [undefined, 'not-the-token', INTERNAL_TOKEN]) {
          const refused = await get(path, token);
          expect({ path, token, status: refused.status }).toEqual({ path, token, status: 401 });
          expect(((await refused.json()) as GraphErrorResponse).error.code).toBe(190);
        }
      }
    });

    it("answers an unknown media, or another number's, in Meta's error shape", async () => {
      const sticker = await simulate({ sticker: { animated: true } });
      expect(sticker.mime_type).toBe('image/png');
      expect((await get(`/v23.0/${sticker.id}`, ACCESS_TOKEN)).status).toBe(200);

      for (const path of ['/v23.0/4242424242', `/v23.0/${sticker.id}?phone_number_id=999`]) {
        const unknown = await get(path, ACCESS_TOKEN);
        expect(unknown.status).toBe(400);
        expect(await unknown.json()).toEqual({
          error: expect.objectContaining({ code: 100, error_subcode: 33, type: 'GraphMethodException', message: expect.stringContaining('does not exist'), fbtrace_id: expect.any(String) }),
        });
      }
      const gone = await get(`/whatsapp_business/attachments?mid=4242424242`, ACCESS_TOKEN);
      expect(gone.status).toBe(404);
      expect(await gone.json()).toMatchObject({ error: { code: 100, fbtrace_id: expect.any(String) } });
      expect((await get('/v99/4242424242', ACCESS_TOKEN)).status).toBe(404);
    });

    it('serves a document with its type', async () => {
      const document = await simulate({ document: { filename: 'invoice.pdf' } });
      const { url } = (await (await get(`/v23.0/${document.id}`, ACCESS_TOKEN)).json()) as GraphMediaUrlResponse;
      const download = await get(url, ACCESS_TOKEN);
      expect(download.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await download.arrayBuffer()).toString('latin1')).toMatch(/^%PDF-/);
    });
  });

  it("changes a template's status at run time: listed with it, refused to send while paused, and restored", async () => {
    const put = (path: string, body: unknown) =>
      fetch(`${baseUrl}${path}`, { method: 'PUT', headers: { ...control, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const listed = async () =>
      ((await (await get(`/v23.0/100000000000001/message_templates?name=greeting&language=en_US`, ACCESS_TOKEN)).json()) as { data: Array<{ status: string }> })
        .data[0].status;
    const sendGreeting = () =>
      post(`/v23.0/${PHONE_NUMBER_ID}/messages`, {
        messaging_product: 'whatsapp',
        to: '15550009090',
        type: 'template',
        template: { name: 'greeting', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] },
      });

    expect((await put('/_sandbox/templates/greeting/en_US', { status: 'PAUSED' })).status).toBe(200);
    expect(await listed()).toBe('PAUSED');
    const refused = await sendGreeting();
    expect(await refused.json()).toMatchObject({ error: { code: 132015 } });
    expect((await put('/_sandbox/templates/greeting/en_US', { status: 'DISABLED' })).status).toBe(200);
    expect(await (await sendGreeting()).json()).toMatchObject({ error: { code: 132016 } });

    expect((await put('/_sandbox/templates/greeting/en_US', { status: 'SLEEPING' })).status).toBe(400);
    expect((await put('/_sandbox/templates/no_such_template/en_US', { status: 'PAUSED' })).status).toBe(404);
    expect(await (await fetch(`${baseUrl}/_sandbox/templates/statuses`, { method: 'DELETE', headers: control })).json()).toEqual({ restored: 1 });
    expect(await listed()).toBe('APPROVED');
    expect((await sendGreeting()).status).toBe(200);
  });
});
