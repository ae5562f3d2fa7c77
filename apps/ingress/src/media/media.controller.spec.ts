import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CanActivate, ExecutionContext, Injectable, Logger, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { InboundMediaRef, InboundMediaRepository } from '@herald/ledger';
import { httpAdapter } from '@herald/runtime';
import { SecretBox } from '@herald/whatsapp';
import { AccountsService } from '../accounts/accounts.service';
import type { Channel } from '../accounts/channel.entity';
import { IngressConfig } from '../config/ingress.config';
import { HttpErrorFilter } from '../http/http-error.filter';
import { attachment, MediaController } from './media.controller';
import { MediaService } from './media.service';

const SECRET_KEY = 'bWVkaWEtc3BlYy1zZWNyZXQta2V5LTAxMjM0NTY3ODk=';
const TOKEN = 'the-channel-s-whatsapp-token';
const TEAM = '11111111-1111-4111-8111-111111111111';
const CHANNEL = '22222222-2222-4222-8222-222222222222';
const PHONE_NUMBER_ID = '100000000000123';

/** The ledger's rows as the stub answers them: media id → what the team's message carried. */
const stored = new Map<string, InboundMediaRef>();
const channel = { uuid: CHANNEL, teamUuid: TEAM, phoneNumberId: PHONE_NUMBER_ID, accessTokenSealed: SecretBox.fromConfig({ HERALD_SECRET_KEY: SECRET_KEY, HERALD_SECRET_KEYS_OLD: [] }).seal(TOKEN) } as Channel;

/** A Graph API stand-in: what each request asked, and the handler of the moment. */
let graphHandler: (request: IncomingMessage, response: ServerResponse, base: string) => void;
const graphSeen: string[] = [];
let graph: Server;
let graphBase: string;

/** Stands for the API key guard: every request is the team's. */
@Injectable()
class TeamGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    context.switchToHttp().getRequest<{ team: unknown }>().team = { teamUuid: TEAM, apiKeyUuid: 'key' };
    return true;
  }
}

const json = (response: ServerResponse, status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/** Meta's two answers: the media's URL on the stand-in, then its bytes there. */
const serving = (bytes: Buffer, mimeType: string) => (request: IncomingMessage, response: ServerResponse, base: string) =>
  request.url?.startsWith('/attachments')
    ? response.writeHead(200, { 'content-type': mimeType, 'content-length': String(bytes.length) }).end(bytes)
    : json(response, 200, { messaging_product: 'whatsapp', url: `${base}/attachments?mid=1`, mime_type: mimeType, sha256: 'x', file_size: String(bytes.length), id: '1' });

describe('GET /media/:id', () => {
  let app: NestFastifyApplication;
  const warnings: string[] = [];

  beforeAll(async () => {
    graph = createServer((request, response) => {
      graphSeen.push(`${request.url} ${request.headers.authorization}`);
      graphHandler(request, response, graphBase);
    });
    await new Promise<void>((resolve) => graph.listen(0, '127.0.0.1', resolve));
    graphBase = `http://127.0.0.1:${(graph.address() as AddressInfo).port}`;

    @Module({
      controllers: [MediaController],
      providers: [
        MediaService,
        { provide: InboundMediaRepository, useValue: { findForTeam: async (team: string, id: string) => (team === TEAM ? (stored.get(id) ?? null) : null) } },
        { provide: AccountsService, useValue: { teamChannel: async (team: string, uuid: string) => (team === TEAM && uuid === CHANNEL ? channel : null) } },
        {
          provide: IngressConfig,
          useValue: Object.assign(new IngressConfig(), { WHATSAPP_API_URL: graphBase, HERALD_SECRET_KEY: SECRET_KEY, WHATSAPP_REQUEST_TIMEOUT_MS: 2_000 }),
        },
        { provide: APP_GUARD, useClass: TeamGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
      ],
    })
    class TestModule {}

    app = await NestFactory.create<NestFastifyApplication>(TestModule, httpAdapter({ trustProxy: [] }), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => graph?.close(resolve));
  });

  beforeEach(() => {
    graphSeen.length = 0;
    warnings.length = 0;
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: string) => void warnings.push(message));
  });

  afterEach(() => jest.restoreAllMocks());

  const get = (id: string) => app.inject({ method: 'GET', url: `/media/${id}` });

  it("streams the media's bytes with their type and length, fetched with the channel's token, which the client never sees", async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
    stored.set('1003383421387256', { channelUuid: CHANNEL, type: 'image', mimeType: 'image/jpeg' });
    graphHandler = serving(bytes, 'image/jpeg');

    const answer = await get('1003383421387256');

    expect(answer.statusCode).toBe(200);
    expect(answer.rawPayload).toEqual(bytes);
    expect(answer.headers).toMatchObject({ 'content-type': 'image/jpeg', 'content-length': String(bytes.length), 'x-content-type-options': 'nosniff' });
    expect(answer.headers).not.toHaveProperty('content-disposition');
    expect(graphSeen).toEqual([`/v23.0/1003383421387256?phone_number_id=${PHONE_NUMBER_ID} Bearer ${TOKEN}`, `/attachments?mid=1 Bearer ${TOKEN}`]);
    expect(JSON.stringify(answer.headers)).not.toContain(TOKEN);
    expect(JSON.stringify(answer.headers)).not.toContain(graphBase);
  });

  it('names a document as the customer did', async () => {
    stored.set('2', { channelUuid: CHANNEL, type: 'document', mimeType: 'application/pdf', filename: 'Factura nº 7.pdf' });
    graphHandler = serving(Buffer.from('%PDF-1.4'), 'application/pdf');

    const answer = await get('2');

    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-disposition']).toBe(`attachment; filename="Factura n_ 7.pdf"; filename*=UTF-8''Factura%20n%C2%BA%207.pdf`);
    expect(answer.body).toBe('%PDF-1.4');
  });

  it.each([
    ["a media no message of the team carried (or another team's, or an erased message's)", '404404404'],
    ['an id no webhook could have given', 'a%2Fb'],
  ])('answers %s with 404 media_not_found, asking WhatsApp nothing', async (_case, id) => {
    const answer = await get(id);

    expect(answer.statusCode).toBe(404);
    expect(answer.json()).toEqual({ error: { code: 'media_not_found', message: expect.any(String) } });
    expect(graphSeen).toEqual([]);
  });

  it.each<[string, (request: IncomingMessage, response: ServerResponse, base: string) => void, number, string]>([
    [
      'WhatsApp no longer has the media',
      (_request, response) => json(response, 400, { error: { message: 'Unsupported get request.', type: 'GraphMethodException', code: 100, error_subcode: 33 } }),
      404,
      'media_expired',
    ],
    ['its download URL is gone', (request, response, base) => (request.url?.startsWith('/attachments') ? json(response, 404, { error: { code: 100 } }) : serving(Buffer.from('x'), 'image/jpeg')(request, response, base)), 404, 'media_expired'],
    ["WhatsApp refuses the channel's token", (_request, response) => json(response, 401, { error: { message: 'Invalid OAuth access token', code: 190 } }), 502, 'provider_unavailable'],
    ['WhatsApp fails', (_request, response) => json(response, 500, { error: { message: 'An unknown error has occurred.', code: 1 } }), 502, 'provider_unavailable'],
    ['WhatsApp answers nonsense', (_request, response) => response.end('<html>'), 502, 'provider_unavailable'],
    ['the media is over 100 MB', (_request, response, base) => json(response, 200, { url: `${base}/attachments`, mime_type: 'video/mp4', file_size: String(101 * 1024 * 1024) }), 502, 'media_too_large'],
  ])('answers %s with a clean error, never a 500', async (_case, handler, status, code) => {
    stored.set('3', { channelUuid: CHANNEL, type: 'image' });
    graphHandler = handler;

    const answer = await get('3');

    expect({ status: answer.statusCode, body: answer.json() }).toEqual({ status, body: { error: { code, message: expect.any(String) } } });
    expect(answer.body).not.toContain(TOKEN);
    expect(answer.body).not.toContain(graphBase);
  });

  it('cuts the answer short when the transfer breaks half-way, and logs why', async () => {
    stored.set('5', { channelUuid: CHANNEL, type: 'video' });
    graphHandler = (request, response, base) => {
      if (!request.url?.startsWith('/attachments')) return json(response, 200, { url: `${base}/attachments`, mime_type: 'video/mp4', file_size: '100000' });
      response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '100000' });
      response.write(Buffer.alloc(1000));
      setTimeout(() => response.destroy(), 50);
    };

    const answer = await get('5').catch((error: Error) => error);

    expect(answer instanceof Error ? 'aborted' : answer.rawPayload.length).not.toBe(100000);
    expect(warnings).toEqual([expect.stringContaining('the transfer failed half-way')]);
  });

  it('answers 502 provider_unavailable when the Graph API cannot be reached', async () => {
    stored.set('4', { channelUuid: CHANNEL, type: 'image' });
    const config = app.get(IngressConfig);
    const configured = config.WHATSAPP_API_URL;
    config.WHATSAPP_API_URL = 'http://127.0.0.1:9';
    try {
      const answer = await get('4');
      expect({ status: answer.statusCode, code: answer.json().error.code }).toEqual({ status: 502, code: 'provider_unavailable' });
      expect(warnings).toEqual([expect.stringContaining('media 4 of channel')]);
    } finally {
      config.WHATSAPP_API_URL = configured;
    }
  });
});

describe('attachment', () => {
  it('quotes nothing a header could be broken with', () => {
    expect(attachment('a"b\\c\r\n.pdf')).toBe(`attachment; filename="a_b_c__.pdf"; filename*=UTF-8''a%22b%5Cc%0D%0A.pdf`);
  });
});
