import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startWebhookReceiver, type WebhookReceiver } from '../test/webhook-receiver';
import { ReceivedMessageRegistry } from './read-receipts/received-message.registry';
import { createSandboxHttpAdapter, protectControlEndpoints } from './sandbox-http-adapter';

/**
 * The sandbox in this process, over real HTTP: media uploads and sends by media id, status updates marking a
 * received message read, and the statuses of the message kinds beyond text, media and templates.
 */
const ACCESS_TOKEN = 'sandbox-test-token';
const INTERNAL_TOKEN = 'http-test-internal-api-token';
const control = { authorization: `Bearer ${INTERNAL_TOKEN}` };
const PHONE_NUMBER_ID = '106540352242922';

describe('WhatsApp sandbox over HTTP: uploads, status updates, every message kind', () => {
  let app: INestApplication;
  let receiver: WebhookReceiver;
  let baseUrl: string;
  const savedEnvironment = { ...process.env };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    Object.assign(process.env, {
      WHATSAPP_APP_SECRET: 'http-test-app-secret',
      SANDBOX_ACCESS_TOKEN: ACCESS_TOKEN,
      INTERNAL_API_TOKEN: INTERNAL_TOKEN,
      WEBHOOK_URL: receiver.url,
      SANDBOX_WEBHOOK_DELAYS_MS: '10,20,30',
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
      body: JSON.stringify(body),
    });
  const get = async (path: string) => (await fetch(`${baseUrl}${path}`, { headers: control })).json();
  const upload = (fields: Record<string, string | Blob>, token: string | null = ACCESS_TOKEN) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) {
      if (value instanceof Blob) form.append(name, value, name === 'file' ? 'photo.jpg' : undefined);
      else form.append(name, value);
    }
    return fetch(`${baseUrl}/v23.0/${PHONE_NUMBER_ID}/media`, {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
      body: form,
    });
  };
  const errorOf = async (response: Response) =>
    ((await response.json()) as { error: { code: number; error_data?: { details: string } } }).error;
  const jpeg = new Blob([Buffer.from('ffd8ffe000104a464946', 'hex')], { type: 'image/jpeg' });

  describe('media upload', () => {
    afterEach(async () => {
      await fetch(`${baseUrl}/_sandbox/media-uploads`, { method: 'DELETE', headers: control });
    });

    it('answers {id} to a multipart upload, counts it, and takes that id in sends to any number of recipients', async () => {
      const response = await upload({ messaging_product: 'whatsapp', type: 'image/jpeg', file: jpeg });
      expect(response.status).toBe(200);
      const { id } = (await response.json()) as { id: string };
      expect(id).toMatch(/^\d{16}$/);

      for (const to of ['15550101001', '15550101002', '15550101003']) {
        const send = await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, {
          messaging_product: 'whatsapp',
          to,
          type: 'image',
          image: { id, caption: 'Your order' },
        });
        expect(send.status).toBe(200);
      }
      expect(await get('/_sandbox/media-uploads')).toEqual({
        uploads: 1,
        data: [
          {
            id,
            phoneNumberId: PHONE_NUMBER_ID,
            mimeType: 'image/jpeg',
            fileName: 'photo.jpg',
            bytes: 10,
            sha256: expect.any(String),
            uploadedAt: expect.any(String),
          },
        ],
      });
    });

    it("serves an uploaded file back by its id, as a customer's media, to its own number only", async () => {
      const { id } = (await (await upload({ messaging_product: 'whatsapp', type: 'image/jpeg', file: jpeg })).json()) as { id: string };
      const graphGet = (route: string) => fetch(`${baseUrl}${route}`, { headers: { authorization: `Bearer ${ACCESS_TOKEN}` } });

      const found = await graphGet(`/v23.0/${id}?phone_number_id=${PHONE_NUMBER_ID}`);
      expect(found.status).toBe(200);
      const { url, mime_type, file_size } = (await found.json()) as { url: string; mime_type: string; file_size: string };
      expect({ mime_type, file_size }).toEqual({ mime_type: 'image/jpeg', file_size: '10' });
      const bytes = await graphGet(new URL(url).pathname + new URL(url).search);
      expect(Buffer.from(await bytes.arrayBuffer())).toEqual(Buffer.from('ffd8ffe000104a464946', 'hex'));
      expect((await graphGet(`/v23.0/${id}?phone_number_id=100000000000999`)).status).toBe(400);
    });

    it('refuses a send by a media id the sandbox never issued, naming the field', async () => {
      const response = await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, {
        messaging_product: 'whatsapp',
        to: '15550101004',
        type: 'sticker',
        sticker: { id: '1234567890123456' },
      });
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toMatchObject({
        code: 100,
        error_data: { details: 'sticker.id (1234567890123456) is not a valid whatsapp business account media attachment ID' },
      });
    });

    it("refuses an upload that is not a form, lacks a field, has a type WhatsApp does not take, or is too large", async () => {
      const json = await post(`/v23.0/${PHONE_NUMBER_ID}/media`, { messaging_product: 'whatsapp', file: '@photo.jpg' });
      expect(json.status).toBe(400);
      expect((await errorOf(json)).error_data?.details).toBe(
        'The request body must be multipart/form-data with messaging_product, type and file',
      );
      expect((await errorOf(await upload({ type: 'image/jpeg', file: jpeg }))).error_data?.details).toBe(
        'messaging_product must be "whatsapp"',
      );
      expect((await errorOf(await upload({ messaging_product: 'whatsapp', type: 'image/jpeg' }))).error_data?.details).toBe(
        'file is required: the media, as a file part of the form',
      );
      expect((await errorOf(await upload({ messaging_product: 'whatsapp', type: 'image/gif', file: jpeg }))).error_data?.details).toMatch(
        /^type must be a supported media type: /,
      );
      const bigSticker = new Blob([Buffer.alloc(600 * 1024)], { type: 'image/webp' });
      const tooLarge = await upload({ messaging_product: 'whatsapp', type: 'image/webp', file: bigSticker });
      expect(tooLarge.status).toBe(400);
      expect(await errorOf(tooLarge)).toMatchObject({ code: 131053 });
      expect((await upload({ messaging_product: 'whatsapp', type: 'image/jpeg', file: jpeg }, null)).status).toBe(401);
      expect(await get('/_sandbox/media-uploads')).toEqual({ uploads: 0, data: [] });
    });
  });

  describe('status update: marking a received message read', () => {
    const inboundWamid = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUYzMjEzNDM2RTZGQ0MzMDJBRgA=';
    beforeAll(() => {
      app.get(ReceivedMessageRegistry).remember({ wamid: inboundWamid, phoneNumberId: PHONE_NUMBER_ID, from: '16503879439' });
    });

    it("answers {success: true} to Meta's example, typing indicator included, and records it", async () => {
      const response = await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, {
        message_id: inboundWamid,
        messaging_product: 'whatsapp',
        status: 'read',
        typing_indicator: { type: 'text' },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ success: true });
      expect(
        (await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, { messaging_product: 'whatsapp', status: 'read', message_id: inboundWamid })).status,
      ).toBe(200);
      expect(await get(`/_sandbox/read-receipts?message_id=${encodeURIComponent(inboundWamid)}`)).toEqual({
        data: [
          { messageId: inboundWamid, phoneNumberId: PHONE_NUMBER_ID, from: '16503879439', typingIndicator: true, receivedAt: expect.any(String) },
          { messageId: inboundWamid, phoneNumberId: PHONE_NUMBER_ID, from: '16503879439', typingIndicator: false, receivedAt: expect.any(String) },
        ],
      });
    });

    it('refuses a message the number did not receive, and a status other than read', async () => {
      const unknown = await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.unknown' });
      expect(unknown.status).toBe(400);
      expect(await errorOf(unknown)).toMatchObject({
        code: 100,
        error_data: { details: `message_id wamid.unknown is not a message phone number ${PHONE_NUMBER_ID} received` },
      });
      const otherNumber = await post('/v23.0/106540352242923/messages', { messaging_product: 'whatsapp', status: 'read', message_id: inboundWamid });
      expect(otherNumber.status).toBe(400);
      const delivered = await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, { messaging_product: 'whatsapp', status: 'delivered', message_id: inboundWamid });
      expect((await errorOf(delivered)).error_data?.details).toBe('status must be "read"');
      const typing = await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, {
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: inboundWamid,
        typing_indicator: { type: 'audio' },
      });
      expect((await errorOf(typing)).error_data?.details).toBe('typing_indicator.type must be "text"');
    });
  });

  it('reports sent, delivered and read for each new kind, a reaction included', async () => {
    const sends = [
      { type: 'reaction', reaction: { message_id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUYzMjEzNDM2RTZGQ0MzMDJBRgA=', emoji: '👍' } },
      { type: 'location', location: { latitude: 37.4847, longitude: -122.1486, name: 'Meta HQ' } },
      { type: 'contacts', contacts: [{ name: { formatted_name: 'John Smith', first_name: 'John' } }] },
      { type: 'sticker', sticker: { link: 'https://example.com/sticker.webp' } },
      {
        type: 'interactive',
        interactive: { type: 'button', body: { text: 'Confirm?' }, action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }] } },
        context: { message_id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUYzMjEzNDM2RTZGQ0MzMDJBRgA=' },
      },
    ];
    const wamids: string[] = [];
    for (const send of sends) {
      const response = await post(`/v23.0/${PHONE_NUMBER_ID}/messages`, { messaging_product: 'whatsapp', to: '15550102000', ...send });
      expect({ type: send.type, status: response.status }).toEqual({ type: send.type, status: 200 });
      wamids.push(((await response.json()) as { messages: Array<{ id: string }> }).messages[0].id);
    }
    const statusesOf = async (wamid: string) => {
      const deadline = Date.now() + 5_000;
      for (;;) {
        const mine = receiver.received.filter((webhook) => webhook.status.id === wamid);
        if (mine.length >= 3 || Date.now() > deadline) return mine.map((webhook) => webhook.status.status);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    for (const wamid of wamids) expect(await statusesOf(wamid)).toEqual(['sent', 'delivered', 'read']);
  });
});
