import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ChannelReplicaRepository } from '@herald/channel-replica';
import { httpAdapter, parseBinaryOn } from '@herald/runtime';
import { SecretBox } from '@herald/whatsapp';
import type { Channel } from '../channels/channel.entity';
import { DispatcherConfig } from '../config/dispatcher.config';
import { GraphCallsController, UPLOAD_ROUTE } from './graph-calls.controller';
import { GraphCallsService } from './graph-calls.service';

const SECRET_KEY = 'bWVkaWEtc3BlYy1zZWNyZXQta2V5LTAxMjM0NTY3ODk=';
const TOKEN = 'the-channel-s-whatsapp-token';
const CHANNEL = '22222222-2222-4222-8222-222222222222';
const PHONE_NUMBER_ID = '100000000000123';
const secrets = SecretBox.fromConfig({ HERALD_SECRET_KEY: SECRET_KEY, HERALD_SECRET_KEYS_OLD: [] });
const channel = { uuid: CHANNEL, teamUuid: '11111111-1111-4111-8111-111111111111', active: true, phoneNumberId: PHONE_NUMBER_ID, accessTokenSealed: secrets.seal(TOKEN) } as Channel;

/** A Graph API stand-in: what each request asked (and carried), and the handler of the moment. */
let graphHandler: (request: IncomingMessage, response: ServerResponse, base: string, body: Buffer) => void;
const graphSeen: Array<{ line: string; body: Buffer; contentType?: string }> = [];
let graph: Server;
let graphBase: string;

const json = (response: ServerResponse, status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/** Meta's two answers: the media's URL on the stand-in, then its bytes there. */
const serving = (bytes: Buffer, mimeType: string) => (request: IncomingMessage, response: ServerResponse, base: string) =>
  request.url?.startsWith('/attachments')
    ? response.writeHead(200, { 'content-type': mimeType, 'content-length': String(bytes.length) }).end(bytes)
    : json(response, 200, { messaging_product: 'whatsapp', url: `${base}/attachments?mid=1`, mime_type: mimeType, sha256: 'x', file_size: String(bytes.length), id: '1' });

describe("the dispatcher's Graph API calls for the ingress", () => {
  let app: NestFastifyApplication;
  let config: DispatcherConfig;
  const logged: string[] = [];

  beforeAll(async () => {
    graph = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        graphSeen.push({ line: `${request.method} ${request.url} ${request.headers.authorization}`, body, contentType: request.headers['content-type'] });
        graphHandler(request, response, graphBase, body);
      });
    });
    await new Promise<void>((resolve) => graph.listen(0, '127.0.0.1', resolve));
    graphBase = `http://127.0.0.1:${(graph.address() as AddressInfo).port}`;
    config = Object.assign(new DispatcherConfig(), { WHATSAPP_API_URL: graphBase, HERALD_SECRET_KEY: SECRET_KEY, HERALD_SECRET_KEYS_OLD: [], WHATSAPP_REQUEST_TIMEOUT_MS: 2_000 });

    @Module({
      controllers: [GraphCallsController],
      providers: [
        GraphCallsService,
        { provide: ChannelReplicaRepository, useValue: { findOne: async (uuid: string) => (uuid === CHANNEL ? channel : null) } },
        { provide: SecretBox, useValue: secrets },
        { provide: DispatcherConfig, useValue: config },
      ],
    })
    class TestModule {}

    app = await NestFactory.create<NestFastifyApplication>(TestModule, httpAdapter({ trustProxy: [] }), { logger: false });
    parseBinaryOn(app, new Set([UPLOAD_ROUTE]), 100 * 1024 * 1024);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => graph?.close(resolve));
  });

  beforeEach(() => {
    graphSeen.length = 0;
    logged.length = 0;
    for (const level of ['log', 'warn', 'error', 'debug'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => void logged.push(String(args[0])));
    }
  });

  afterEach(() => {
    // Whatever happened, the channel's token is in no log line.
    expect(logged.join('\n')).not.toContain(TOKEN);
    jest.restoreAllMocks();
  });

  const media = (id: string, channelUuid = CHANNEL) => app.inject({ method: 'GET', url: `/channels/${channelUuid}/media/${id}` });

  describe('GET /channels/:channelUuid/media/:mediaId', () => {
    it("streams the media's bytes with their type and length, fetched with the channel's token, which the answer never carries", async () => {
      const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
      graphHandler = serving(bytes, 'image/jpeg');

      const answer = await media('1003383421387256');

      expect(answer.statusCode).toBe(200);
      expect(answer.rawPayload).toEqual(bytes);
      expect(answer.headers).toMatchObject({ 'content-type': 'image/jpeg', 'content-length': String(bytes.length) });
      expect(graphSeen.map(({ line }) => line)).toEqual([`GET /v23.0/1003383421387256?phone_number_id=${PHONE_NUMBER_ID} Bearer ${TOKEN}`, `GET /attachments?mid=1 Bearer ${TOKEN}`]);
      expect(JSON.stringify(answer.headers)).not.toContain(TOKEN);
      expect(JSON.stringify(answer.headers)).not.toContain(graphBase);
    });

    it.each<[string, (request: IncomingMessage, response: ServerResponse, base: string) => void, number, string]>([
      [
        'WhatsApp no longer has the media',
        (_request, response) => json(response, 400, { error: { message: 'Unsupported get request.', type: 'GraphMethodException', code: 100, error_subcode: 33 } }),
        404,
        'media_expired',
      ],
      ['its download URL is gone', (request, response, base) => (request.url?.startsWith('/attachments') ? json(response, 404, { error: { code: 100 } }) : serving(Buffer.from('x'), 'image/jpeg')(request, response, base)), 404, 'media_expired'],
      ["WhatsApp refuses the channel's token", (_request, response) => json(response, 401, { error: { message: `Invalid OAuth access token ${TOKEN}`, code: 190 } }), 502, 'provider_unavailable'],
      ['WhatsApp fails', (_request, response) => json(response, 500, { error: { message: 'An unknown error has occurred.', code: 1 } }), 502, 'provider_unavailable'],
      ['WhatsApp answers nonsense', (_request, response) => response.end('<html>'), 502, 'provider_unavailable'],
      ['the media is over 100 MB', (_request, response, base) => json(response, 200, { url: `${base}/attachments`, mime_type: 'video/mp4', file_size: String(101 * 1024 * 1024) }), 502, 'media_too_large'],
      ["the media's URL is not Meta's", (_request, response) => json(response, 200, { url: 'https://attacker.example/steal', mime_type: 'image/jpeg', file_size: '3' }), 502, 'provider_unavailable'],
    ])('answers %s with a clean error in Herald\'s shape, never a 500', async (_case, handler, status, code) => {
      graphHandler = handler;

      const answer = await media('3');

      expect({ status: answer.statusCode, body: answer.json() }).toEqual({ status, body: { error: { code, message: expect.any(String) } } });
      expect(answer.body).not.toContain(TOKEN);
      expect(answer.body).not.toContain(graphBase);
      expect(graphSeen.map(({ line }) => line)).not.toContainEqual(expect.stringContaining('attacker.example'));
    });

    it('cuts the answer short when the transfer breaks half-way, and logs why', async () => {
      graphHandler = (request, response, base) => {
        if (!request.url?.startsWith('/attachments')) return json(response, 200, { url: `${base}/attachments`, mime_type: 'video/mp4', file_size: '100000' });
        response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '100000' });
        response.write(Buffer.alloc(1000));
        setTimeout(() => response.destroy(), 50);
      };

      const answer = await media('5').catch((error: Error) => error);

      expect(answer instanceof Error ? 'aborted' : answer.rawPayload.length).not.toBe(100000);
      expect(logged).toContainEqual(expect.stringContaining('the transfer failed half-way'));
    });

    it('answers 502 provider_unavailable when the Graph API cannot be reached, and logs it', async () => {
      const configured = config.WHATSAPP_API_URL;
      config.WHATSAPP_API_URL = 'http://127.0.0.1:9';
      try {
        const answer = await media('4');
        expect({ status: answer.statusCode, code: answer.json().error.code }).toEqual({ status: 502, code: 'provider_unavailable' });
        expect(logged).toEqual([expect.stringContaining(`media 4 of channel ${CHANNEL}`)]);
      } finally {
        config.WHATSAPP_API_URL = configured;
      }
    });

    it('answers 404 channel_not_found for a channel it does not have, asking WhatsApp nothing', async () => {
      const answer = await media('4', '33333333-3333-4333-8333-333333333333');

      expect({ status: answer.statusCode, code: answer.json().error.code }).toEqual({ status: 404, code: 'channel_not_found' });
      expect(graphSeen).toEqual([]);
    });
  });

  describe('POST /channels/:channelUuid/media', () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
    const upload = (query: string, payload: Buffer, contentType = 'application/octet-stream') =>
      app.inject({ method: 'POST', url: `/channels/${CHANNEL}/media${query}`, headers: { 'content-type': contentType }, payload });

    it("uploads the file through the channel's number as Meta's multipart form, and answers its id", async () => {
      graphHandler = (_request, response) => json(response, 200, { id: '1037543291543636' });

      const answer = await upload('?type=image/png&filename=logo.png', png);

      expect({ status: answer.statusCode, body: answer.json() }).toEqual({ status: 201, body: { id: '1037543291543636' } });
      expect(graphSeen).toHaveLength(1);
      expect(graphSeen[0].line).toBe(`POST /v23.0/${PHONE_NUMBER_ID}/media Bearer ${TOKEN}`);
      expect(graphSeen[0].contentType).toMatch(/^multipart\/form-data; boundary=/);
      const form = graphSeen[0].body.toString('latin1');
      expect(form).toMatch(/name="messaging_product"\r\n\r\nwhatsapp\r\n/);
      expect(form).toMatch(/name="type"\r\n\r\nimage\/png\r\n/);
      expect(form).toMatch(/name="file"; filename="logo.png"\r\nContent-Type: image\/png\r\n\r\n/);
      expect(graphSeen[0].body.includes(png)).toBe(true);
    });

    it.each([
      ['a type WhatsApp does not take', '?type=image/gif', png],
      ['an image over 5 MB', '?type=image/jpeg', Buffer.alloc(5 * 1024 * 1024 + 1)],
      ['no type', '', png],
      ['an empty file', '?type=image/png', Buffer.alloc(0)],
    ])('refuses %s with 422 validation_failed, asking WhatsApp nothing', async (_case, query, payload) => {
      const answer = await upload(query, payload);

      expect({ status: answer.statusCode, code: answer.json().error.code }).toEqual({ status: 422, code: 'validation_failed' });
      expect(graphSeen).toEqual([]);
    });

    it('passes on what WhatsApp refused of the file as validation_failed, and its being away as provider_unavailable', async () => {
      graphHandler = (_request, response) => json(response, 400, { error: { message: 'Param file must be a file with one of the following types', code: 100 } });
      expect((await upload('?type=image/png', png)).json().error.code).toBe('validation_failed');

      graphHandler = (_request, response) => json(response, 503, { error: { message: 'Service temporarily unavailable', code: 2 } });
      const answer = await upload('?type=image/png', png);
      expect({ status: answer.statusCode, code: answer.json().error.code }).toEqual({ status: 502, code: 'provider_unavailable' });
    });

    it('takes the bytes on this route only', async () => {
      const answer = await app.inject({ method: 'POST', url: `/channels/${CHANNEL}/read`, headers: { 'content-type': 'application/octet-stream' }, payload: png });

      expect(answer.statusCode).toBe(415);
    });
  });

  describe('POST /channels/:channelUuid/read', () => {
    const read = (body: unknown) => app.inject({ method: 'POST', url: `/channels/${CHANNEL}/read`, payload: body as object });

    it("marks the message read with the typing indicator, as Meta's MarkMessageRequestPayload", async () => {
      graphHandler = (_request, response) => json(response, 200, { success: true });

      const answer = await read({ messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=', typingIndicator: true });

      expect({ status: answer.statusCode, body: answer.json() }).toEqual({ status: 200, body: { success: true } });
      expect(graphSeen.map(({ line }) => line)).toEqual([`POST /v23.0/${PHONE_NUMBER_ID}/messages Bearer ${TOKEN}`]);
      expect(JSON.parse(graphSeen[0].body.toString())).toEqual({
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
        typing_indicator: { type: 'text' },
      });
    });

    it('sends no typing indicator unless asked', async () => {
      graphHandler = (_request, response) => json(response, 200, { success: true });

      await read({ messageId: 'wamid.1' });

      expect(JSON.parse(graphSeen[0].body.toString())).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.1' });
    });

    it.each([[{}], [{ messageId: '' }], [{ messageId: 'wamid.1', typingIndicator: 'yes' }], [{ messageId: 'a/b' }]])('refuses %j with 422, asking WhatsApp nothing', async (body) => {
      const answer = await read(body);

      expect({ status: answer.statusCode, code: answer.json().error.code }).toEqual({ status: 422, code: 'validation_failed' });
      expect(graphSeen).toEqual([]);
    });

    it('answers message_not_found when WhatsApp does not know the message, provider_unavailable when it refuses the token', async () => {
      graphHandler = (_request, response) => json(response, 400, { error: { message: 'Invalid parameter', code: 100 } });
      expect((await read({ messageId: 'wamid.1' })).json().error.code).toBe('message_not_found');

      graphHandler = (_request, response) => json(response, 401, { error: { message: 'Invalid OAuth access token', code: 190 } });
      const answer = await read({ messageId: 'wamid.1' });
      expect({ status: answer.statusCode, code: answer.json().error.code }).toEqual({ status: 502, code: 'provider_unavailable' });
      expect(answer.body).not.toContain(TOKEN);
    });
  });
});
