import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CanActivate, ExecutionContext, Injectable, Logger, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ErrorCodes } from '@herald/contracts';
import { ConversationRepository, InboundMediaRef, InboundMediaRepository, MessageLedgerRepository } from '@herald/ledger';
import { httpAdapter } from '@herald/runtime';
import { AccountsService } from '../accounts/accounts.service';
import type { Channel } from '../accounts/channel.entity';
import { InternalServicesConfig } from '../config/ingress.config';
import { ContractValidationPipe } from '../http/contract-validation.pipe';
import { HeraldError } from '../http/herald-error';
import { HttpErrorFilter } from '../http/http-error.filter';
import { GraphCallsClient } from '../internal/graph-calls.client';
import { InternalServicesClient } from '../internal/internal-services.client';
import { ReadReceiptsController } from '../read-receipts/read-receipts.controller';
import { ReadReceiptsService } from '../read-receipts/read-receipts.service';
import { attachment, MediaController } from './media.controller';
import { MediaService } from './media.service';
import { acceptUploads } from './multipart';

const INTERNAL_TOKEN = 'the-internal-api-token-of-the-spec';
const TEAM = '11111111-1111-4111-8111-111111111111';
const CHANNEL = '22222222-2222-4222-8222-222222222222';
const OTHER_CHANNEL = '33333333-3333-4333-8333-333333333333';
const INBOUND = 'a'.repeat(32);
const OUTBOUND = 'b'.repeat(32);
const ERASED = 'c'.repeat(32);

/** The ledger's rows as the stubs answer them: media id → what the team's message carried. */
const stored = new Map<string, InboundMediaRef>();
const channel = { uuid: CHANNEL, teamUuid: TEAM, type: 'whatsapp', active: true } as Channel;

/** A dispatcher stand-in: what each request asked (and carried), and the handler of the moment. */
let dispatcherHandler: (request: IncomingMessage, response: ServerResponse, body: Buffer) => void;
const dispatcherSeen: Array<{ line: string; authorization?: string; contentType?: string; body: Buffer }> = [];
let dispatcher: Server;

/** Stands for the API key guard: every request is the team's. */
@Injectable()
class TeamGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    context.switchToHttp().getRequest<{ team: unknown }>().team = { teamUuid: TEAM, apiKeyUuid: 'key' };
    return true;
  }
}

const json = (response: ServerResponse, status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const failing = (status: number, code: string) => (_request: IncomingMessage, response: ServerResponse) => json(response, status, { error: { code, message: `the dispatcher says ${code}` } });

/** A multipart/form-data body: fields, then files. */
function form(parts: Array<{ name: string; value: string } | { name: string; filename: string; type: string; content: Buffer }>): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----herald-spec-boundary';
  const chunks = parts.map((part) =>
    'content' in part
      ? Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.type}\r\n\r\n`), part.content, Buffer.from('\r\n')])
      : Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`),
  );
  return { payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);

describe('the media and read receipt routes, through the dispatcher', () => {
  let app: NestFastifyApplication;
  let config: InternalServicesConfig;
  const logged: string[] = [];

  beforeAll(async () => {
    dispatcher = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        dispatcherSeen.push({ line: `${request.method} ${request.url}`, authorization: request.headers.authorization, contentType: request.headers['content-type'], body });
        dispatcherHandler(request, response, body);
      });
    });
    await new Promise<void>((resolve) => dispatcher.listen(0, '127.0.0.1', resolve));
    config = Object.assign(new InternalServicesConfig(), { DISPATCHER_URL: `http://127.0.0.1:${(dispatcher.address() as AddressInfo).port}`, INTERNAL_API_TOKEN: INTERNAL_TOKEN });

    @Module({
      controllers: [MediaController, ReadReceiptsController],
      providers: [
        MediaService,
        ReadReceiptsService,
        GraphCallsClient,
        InternalServicesClient,
        { provide: InternalServicesConfig, useValue: config },
        { provide: InboundMediaRepository, useValue: { findForTeam: async (team: string, id: string) => (team === TEAM ? (stored.get(id) ?? null) : null) } },
        {
          provide: AccountsService,
          useValue: {
            teamChannel: async (team: string, uuid: string) => (team === TEAM && uuid === CHANNEL ? channel : null),
            resolveChannel: async (team: string, request: { channel_uuid?: string }) => {
              if (team === TEAM && (request.channel_uuid ?? CHANNEL) === CHANNEL) return channel;
              throw new HeraldError(ErrorCodes.ChannelNotFound, 'No such active channel for this team', [{ field: 'channel_uuid', problem: 'no active channel of this team has this uuid' }]);
            },
          },
        },
        {
          provide: ConversationRepository,
          useValue: {
            findInbound: async (team: string, uuid: string) =>
              team !== TEAM ? null : uuid === INBOUND ? { uuid, channelUuid: CHANNEL, phone: '+34600000001', providerMessageId: 'wamid.INBOUND' } : uuid === ERASED ? { uuid, channelUuid: CHANNEL, phone: '', providerMessageId: 'wamid.ERASED' } : null,
          },
        },
        { provide: MessageLedgerRepository, useValue: { findForTeam: async (team: string, uuid: string) => (team === TEAM && uuid === OUTBOUND ? { uuid } : null) } },
        { provide: APP_GUARD, useClass: TeamGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_PIPE, useClass: ContractValidationPipe },
      ],
    })
    class TestModule {}

    app = await NestFactory.create<NestFastifyApplication>(TestModule, httpAdapter({ trustProxy: [] }), { logger: false });
    await acceptUploads(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => dispatcher?.close(resolve));
  });

  beforeEach(() => {
    dispatcherSeen.length = 0;
    logged.length = 0;
    for (const level of ['log', 'warn', 'error'] as const) jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => void logged.push(String(args[0])));
  });

  afterEach(() => jest.restoreAllMocks());

  describe('GET /media/:id', () => {
    const get = (id: string) => app.inject({ method: 'GET', url: `/media/${id}` });

    it("streams the dispatcher's answer with its type and length, asking for the channel that received the media", async () => {
      const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
      stored.set('1003383421387256', { channelUuid: CHANNEL, type: 'image', mimeType: 'image/jpeg' });
      dispatcherHandler = (_request, response) => response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(bytes.length) }).end(bytes);

      const answer = await get('1003383421387256');

      expect(answer.statusCode).toBe(200);
      expect(answer.rawPayload).toEqual(bytes);
      expect(answer.headers).toMatchObject({ 'content-type': 'image/jpeg', 'content-length': String(bytes.length), 'x-content-type-options': 'nosniff', 'cache-control': 'private, no-store' });
      expect(answer.headers).not.toHaveProperty('content-disposition');
      expect(dispatcherSeen).toEqual([expect.objectContaining({ line: `GET /channels/${CHANNEL}/media/1003383421387256`, authorization: `Bearer ${INTERNAL_TOKEN}` })]);
      expect(JSON.stringify(answer.headers)).not.toContain(INTERNAL_TOKEN);
    });

    it('names a document as the customer did', async () => {
      stored.set('2', { channelUuid: CHANNEL, type: 'document', mimeType: 'application/pdf', filename: 'Factura nº 7.pdf' });
      dispatcherHandler = (_request, response) => response.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4');

      const answer = await get('2');

      expect(answer.statusCode).toBe(200);
      expect(answer.headers['content-disposition']).toBe(`attachment; filename="Factura n_ 7.pdf"; filename*=UTF-8''Factura%20n%C2%BA%207.pdf`);
      expect(answer.body).toBe('%PDF-1.4');
    });

    it.each([
      ["a media no message of the team carried (or another team's, or an erased message's)", '404404404'],
      ['an id no webhook could have given', 'a%2Fb'],
    ])('answers %s with 404 media_not_found, asking the dispatcher nothing', async (_case, id) => {
      const answer = await get(id);

      expect(answer.statusCode).toBe(404);
      expect(answer.json()).toEqual({ error: { code: 'media_not_found', message: expect.any(String) } });
      expect(dispatcherSeen).toEqual([]);
    });

    it.each<[string, (request: IncomingMessage, response: ServerResponse) => void, number, string]>([
      ['WhatsApp no longer has the media', failing(404, 'media_expired'), 404, 'media_expired'],
      ["WhatsApp refused the channel's token", failing(502, 'provider_unavailable'), 502, 'provider_unavailable'],
      ['the media is over 100 MB', failing(502, 'media_too_large'), 502, 'media_too_large'],
      ['the dispatcher has not replicated the channel yet', failing(404, 'channel_not_found'), 503, 'service_unavailable'],
      ['the dispatcher refuses the internal token', (_request, response) => json(response, 401, { statusCode: 401, message: 'Unauthorized' }), 503, 'service_unavailable'],
      ['the dispatcher fails', (_request, response) => response.writeHead(500).end('<html>'), 503, 'service_unavailable'],
    ])('answers %s with the code it is about, never a 500', async (_case, handler, status, code) => {
      stored.set('3', { channelUuid: CHANNEL, type: 'image' });
      dispatcherHandler = handler;

      const answer = await get('3');

      expect({ status: answer.statusCode, body: answer.json() }).toEqual({ status, body: { error: { code, message: expect.any(String) } } });
    });

    it('answers 503 service_unavailable when the dispatcher cannot be reached', async () => {
      stored.set('4', { channelUuid: CHANNEL, type: 'image' });
      const configured = config.DISPATCHER_URL;
      config.DISPATCHER_URL = 'http://127.0.0.1:9';
      try {
        const answer = await get('4');
        expect({ status: answer.statusCode, code: answer.json().error.code }).toEqual({ status: 503, code: 'service_unavailable' });
        expect(logged).toContainEqual(expect.stringContaining('the dispatcher service did not answer'));
      } finally {
        config.DISPATCHER_URL = configured;
      }
    });

    it('cuts the answer short when the transfer breaks half-way, and logs why', async () => {
      stored.set('5', { channelUuid: CHANNEL, type: 'video' });
      dispatcherHandler = (_request, response) => {
        response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '100000' });
        response.write(Buffer.alloc(1000));
        setTimeout(() => response.destroy(), 50);
      };

      const answer = await get('5').catch((error: Error) => error);

      expect(answer instanceof Error ? 'aborted' : answer.rawPayload.length).not.toBe(100000);
      expect(logged).toContainEqual(expect.stringContaining('the transfer failed half-way'));
    });
  });

  describe('POST /media', () => {
    const post = (body: ReturnType<typeof form>) => app.inject({ method: 'POST', url: '/media', ...body });

    it("uploads the file's bytes through the team's default channel and answers its id", async () => {
      dispatcherHandler = (_request, response) => json(response, 201, { id: '1037543291543636' });

      const answer = await post(form([{ name: 'file', filename: 'logo.png', type: 'image/png', content: PNG }]));

      expect({ status: answer.statusCode, body: answer.json() }).toEqual({ status: 201, body: { media: { id: '1037543291543636', channelUuid: CHANNEL, mimeType: 'image/png' } } });
      expect(dispatcherSeen).toHaveLength(1);
      expect(dispatcherSeen[0]).toMatchObject({ line: `POST /channels/${CHANNEL}/media?type=image%2Fpng&filename=logo.png`, authorization: `Bearer ${INTERNAL_TOKEN}`, contentType: 'application/octet-stream' });
      expect(dispatcherSeen[0].body).toEqual(PNG);
    });

    it('takes the channel and the type from the form, in any order around the file', async () => {
      dispatcherHandler = (_request, response) => json(response, 201, { id: '77' });

      const answer = await post(form([{ name: 'file', filename: 'x.bin', type: 'application/octet-stream', content: PNG }, { name: 'type', value: 'image/png' }, { name: 'channel_uuid', value: CHANNEL }]));

      expect(answer.json()).toEqual({ media: { id: '77', channelUuid: CHANNEL, mimeType: 'image/png' } });
    });

    it.each<[string, ReturnType<typeof form>, Array<{ field: string }>]>([
      ['no file', form([{ name: 'type', value: 'image/png' }]), [{ field: 'file' }]],
      ['a type WhatsApp does not take', form([{ name: 'file', filename: 'a.gif', type: 'image/gif', content: PNG }]), [{ field: 'type' }]],
      ['an image over 5 MB', form([{ name: 'file', filename: 'big.png', type: 'image/png', content: Buffer.alloc(5 * 1024 * 1024 + 1) }]), [{ field: 'file' }]],
      ['a sticker over 500 KB', form([{ name: 'file', filename: 's.webp', type: 'image/webp', content: Buffer.alloc(500 * 1024 + 1) }]), [{ field: 'file' }]],
      ['an empty file', form([{ name: 'file', filename: 'e.png', type: 'image/png', content: Buffer.alloc(0) }]), [{ field: 'file' }]],
      ['a channel_uuid that is none', form([{ name: 'channel_uuid', value: 'nope' }, { name: 'file', filename: 'l.png', type: 'image/png', content: PNG }]), [{ field: 'channel_uuid' }]],
      ['an unknown field', form([{ name: 'caption', value: 'hi' }, { name: 'file', filename: 'l.png', type: 'image/png', content: PNG }]), [{ field: 'caption' }]],
      ['the file in another part', form([{ name: 'document', filename: 'l.png', type: 'image/png', content: PNG }]), [{ field: 'document' }]],
    ])('refuses %s with a field-level 422, asking the dispatcher nothing', async (_case, body, fields) => {
      const answer = await post(body);

      expect(answer.statusCode).toBe(422);
      expect(answer.json().error).toMatchObject({ code: 'validation_failed', details: expect.arrayContaining(fields.map((field) => expect.objectContaining(field))) });
      expect(dispatcherSeen).toEqual([]);
    });

    it("refuses another team's channel, or none, as channel_not_found", async () => {
      const answer = await post(form([{ name: 'channel_uuid', value: OTHER_CHANNEL }, { name: 'file', filename: 'l.png', type: 'image/png', content: PNG }]));

      expect(answer.statusCode).toBe(422);
      expect(answer.json().error).toMatchObject({ code: 'channel_not_found', details: [{ field: 'channel_uuid', problem: expect.any(String) }] });
      expect(dispatcherSeen).toEqual([]);
    });

    it('refuses a body that is not multipart/form-data with 415', async () => {
      const answer = await app.inject({ method: 'POST', url: '/media', headers: { 'content-type': 'application/json' }, payload: '{}' });

      expect({ status: answer.statusCode, code: answer.json().error.code }).toEqual({ status: 415, code: 'unsupported_media_type' });
    });

    it("passes on WhatsApp's refusal of the file as a 422 on the file, and its absence as a 502", async () => {
      dispatcherHandler = failing(422, 'validation_failed');
      const refused = await post(form([{ name: 'file', filename: 'l.png', type: 'image/png', content: PNG }]));
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error).toMatchObject({ code: 'validation_failed', details: [{ field: 'file', problem: 'the dispatcher says validation_failed' }] });

      dispatcherHandler = failing(502, 'provider_unavailable');
      const away = await post(form([{ name: 'file', filename: 'l.png', type: 'image/png', content: PNG }]));
      expect({ status: away.statusCode, code: away.json().error.code }).toEqual({ status: 502, code: 'provider_unavailable' });
    });
  });

  describe('POST /messages/:uuid/read', () => {
    const read = (uuid: string, body?: unknown) =>
      app.inject({ method: 'POST', url: `/messages/${uuid}/read`, ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) } : {}) });

    it("marks the customer's message read with the typing indicator, through the channel that received it", async () => {
      dispatcherHandler = (_request, response) => json(response, 200, { success: true });

      const answer = await read(INBOUND, { typing_indicator: true });

      expect({ status: answer.statusCode, body: answer.json() }).toEqual({ status: 200, body: { success: true } });
      expect(dispatcherSeen).toEqual([expect.objectContaining({ line: `POST /channels/${CHANNEL}/read`, authorization: `Bearer ${INTERNAL_TOKEN}` })]);
      expect(JSON.parse(dispatcherSeen[0].body.toString())).toEqual({ messageId: 'wamid.INBOUND', typingIndicator: true });
    });

    it('takes no body at all', async () => {
      dispatcherHandler = (_request, response) => json(response, 200, { success: true });

      const answer = await read(INBOUND);

      expect(answer.statusCode).toBe(200);
      expect(JSON.parse(dispatcherSeen[0].body.toString())).toEqual({ messageId: 'wamid.INBOUND' });
    });

    it.each([
      ["another team's message, or none", 'd'.repeat(32)],
      ['no uuid at all', 'not-a-uuid'],
      ["an erased contact's message", ERASED],
    ])('answers %s with 404 message_not_found', async (_case, uuid) => {
      const answer = await read(uuid);

      expect({ status: answer.statusCode, code: answer.json().error.code }).toEqual({ status: 404, code: 'message_not_found' });
      expect(dispatcherSeen).toEqual([]);
    });

    it("answers the team's own message with 422 message_not_inbound", async () => {
      const answer = await read(OUTBOUND);

      expect({ status: answer.statusCode, code: answer.json().error.code }).toEqual({ status: 422, code: 'message_not_inbound' });
      expect(dispatcherSeen).toEqual([]);
    });

    it.each([[{ typing_indicator: 'yes' }, 'typing_indicator'], [{ typing: true }, 'typing']])('refuses %j with a field-level 422', async (body, field) => {
      const answer = await read(INBOUND, body);

      expect(answer.statusCode).toBe(422);
      expect(answer.json().error).toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ field })] });
    });

    it('passes on what WhatsApp said of the message', async () => {
      dispatcherHandler = failing(404, 'message_not_found');
      expect((await read(INBOUND)).json().error.code).toBe('message_not_found');

      dispatcherHandler = failing(502, 'provider_unavailable');
      expect((await read(INBOUND)).statusCode).toBe(502);
    });
  });
});

describe('attachment', () => {
  it('quotes nothing a header could be broken with', () => {
    expect(attachment('a"b\\c\r\n.pdf')).toBe(`attachment; filename="a_b_c__.pdf"; filename*=UTF-8''a%22b%5Cc%0D%0A.pdf`);
  });
});
