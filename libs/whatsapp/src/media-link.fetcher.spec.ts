import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MediaLinkError, MediaLinkFetcher } from './media-link.fetcher';
import { uploadMedia } from './media.client';
import { WhatsAppApiError } from './whatsapp-api.client';

let server: Server;
let origin: string;
let handler: (request: IncomingMessage, response: ServerResponse) => void;
const received: Array<{ url?: string; headers: IncomingMessage['headers']; body: Buffer }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ url: request.url, headers: request.headers, body: Buffer.concat(chunks) });
      handler(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  received.length = 0;
});

const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const serve = (status: number, headers: Record<string, string>, body: Buffer | string = '') => {
  handler = (_request, response) => {
    response.writeHead(status, headers);
    response.end(body);
  };
};

describe('MediaLinkFetcher', () => {
  const local = new MediaLinkFetcher({ allowPrivate: true, timeoutMs: 2_000 });
  const strict = new MediaLinkFetcher({ allowPrivate: false, timeoutMs: 2_000 });
  afterAll(() => Promise.all([local.close(), strict.close()]));

  it('reads a link whole, with its type and file name', async () => {
    serve(200, { 'content-type': 'image/jpeg; charset=binary' }, jpeg);
    expect(await local.fetch(`${origin}/campaign/summer%20sale.jpg`, 'image')).toEqual({ bytes: jpeg, mimeType: 'image/jpeg', fileName: 'summer sale.jpg' });
  });

  it('takes the type from the extension when the server says only octet-stream', async () => {
    serve(200, { 'content-type': 'application/octet-stream' }, '%PDF-1.4');
    expect(await local.fetch(`${origin}/terms.pdf`, 'document')).toEqual(expect.objectContaining({ mimeType: 'application/pdf' }));
  });

  it('follows a redirect, checked like the link', async () => {
    handler = (request, response) => {
      if (request.url === '/moved.jpg') response.writeHead(302, { location: '/summer.jpg' }).end();
      else response.writeHead(200, { 'content-type': 'image/png' }).end(jpeg);
    };
    expect((await local.fetch(`${origin}/moved.jpg`, 'image')).mimeType).toBe('image/png');
    expect(received.map((request) => request.url)).toEqual(['/moved.jpg', '/summer.jpg']);
  });

  it.each([
    ['a missing file', () => serve(404, {}, 'no'), 'image', 'the link answered HTTP 404'],
    ['a type WhatsApp does not take as the kind', () => serve(200, { 'content-type': 'image/gif' }, jpeg), 'image', 'the link is image/gif'],
    ['a sticker that is not WebP', () => serve(200, { 'content-type': 'image/png' }, jpeg), 'sticker', 'which WhatsApp does not take as sticker'],
    ['a file announced larger than the kind allows', () => serve(200, { 'content-type': 'image/webp', 'content-length': '600000' }, Buffer.alloc(600_000)), 'sticker', 'the link is 600000 bytes'],
    ['an empty file', () => serve(200, { 'content-type': 'image/jpeg' }), 'image', 'the link answered an empty file'],
  ] as const)('refuses %s', async (_case, arrange, kind, reason) => {
    arrange();
    await expect(local.fetch(`${origin}/file`, kind)).rejects.toThrow(expect.objectContaining({ name: 'MediaLinkError', message: expect.stringContaining(reason) }));
  });

  it('stops reading a file that grows past the limit without saying its size', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'image/webp', 'transfer-encoding': 'chunked' });
      response.end(Buffer.alloc(600_000));
    };
    await expect(local.fetch(`${origin}/big.webp`, 'sticker')).rejects.toThrow(/more than 512000 bytes/);
  });

  it.each([
    ['ftp://files.example.com/a.jpg', 'must be an http(s) URL'],
    ['https://user:secret@cdn.example.com/a.jpg', 'must not carry credentials'],
    ['not a link', 'is not a URL'],
    ['http://169.254.169.254/latest/meta-data', '169.254.169.254, a private, loopback or reserved address'],
    ['http://[::1]/a.jpg', '::1, a private, loopback or reserved address'],
  ])('refuses %s without asking anyone', async (link, reason) => {
    await expect(strict.fetch(link, 'image')).rejects.toThrow(expect.objectContaining({ message: expect.stringContaining(reason) }));
  });

  it('refuses a name that resolves to a private address, unless the deployment allows them', async () => {
    serve(200, { 'content-type': 'image/jpeg' }, jpeg);
    const link = `${origin.replace('127.0.0.1', 'localhost')}/summer.jpg`;
    await expect(strict.fetch(link, 'image')).rejects.toThrow(MediaLinkError);
    expect(received).toHaveLength(0);
    expect((await local.fetch(link, 'image')).bytes).toEqual(jpeg);
  });
});

describe('uploadMedia', () => {
  const endpoint = () => ({ apiUrl: origin, apiVersion: 'v23.0', accessToken: 'channel-token' });
  const upload = (fileName = 'media') => ({ phoneNumberId: '1555000001', mimeType: 'image/jpeg', filename: fileName, content: jpeg });

  it('posts the file as multipart to /{phone-number-id}/media with the token, and answers the id', async () => {
    serve(200, { 'content-type': 'application/json' }, JSON.stringify({ id: 'media-42' }));
    expect(await uploadMedia(endpoint(), upload('summer.jpg'), { timeoutMs: 5_000 })).toEqual({ id: 'media-42' });
    const [request] = received;
    expect(request.url).toBe('/v23.0/1555000001/media');
    expect(request.headers.authorization).toBe('Bearer channel-token');
    const form = await new Response(request.body, { headers: { 'content-type': String(request.headers['content-type']) } }).formData();
    expect(form.get('messaging_product')).toBe('whatsapp');
    expect(form.get('type')).toBe('image/jpeg');
    const file = form.get('file') as File;
    expect(file.name).toBe('summer.jpg');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(jpeg);
  });

  it("throws WhatsApp's error as a send's is thrown", async () => {
    serve(400, { 'content-type': 'application/json' }, JSON.stringify({ error: { message: 'Media upload error', type: 'OAuthException', code: 131053, error_data: { details: 'bad file' } } }));
    const failed = uploadMedia(endpoint(), upload(), { timeoutMs: 5_000 });
    await expect(failed).rejects.toThrow(WhatsAppApiError);
    await expect(failed).rejects.toEqual(expect.objectContaining({ httpStatus: 400, code: 131053, details: 'bad file', outcomeUnknown: false }));
  });
});
