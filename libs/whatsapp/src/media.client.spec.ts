import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { downloadMedia, MediaTooLargeError } from './media.client';
import { WhatsAppApiError } from './whatsapp-api.client';

type Handler = (request: IncomingMessage, response: ServerResponse, base: string) => void;

/** A Graph API stand-in; records each request with its token. */
async function graphServer(handle: Handler): Promise<{ base: string; seen: string[]; server: Server }> {
  const seen: string[] = [];
  let base = '';
  const server = createServer((request, response) => {
    seen.push(`${request.url} ${request.headers.authorization}`);
    handle(request, response, base);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, seen, server };
}

const json = (response: ServerResponse, status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/** Meta's answer for the media, its URL on the stand-in unless told. */
const mediaAnswer = (base: string, overrides: Record<string, unknown> = {}) => ({
  messaging_product: 'whatsapp',
  url: `${base}/download?mid=7`,
  mime_type: 'image/jpeg',
  sha256: 'x',
  file_size: '5',
  id: '7',
  ...overrides,
});

describe('downloadMedia', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  const download = (base: string, maxBytes?: number) =>
    downloadMedia({ apiUrl: base, apiVersion: 'v23.0', accessToken: 'the-token' }, { id: '7', phoneNumberId: '1001' }, { timeoutMs: 2_000, maxBytes });

  it("asks for the media's URL for the channel's number, then fetches its bytes there, with the token both times", async () => {
    const graph = await graphServer((request, response, base) =>
      request.url?.startsWith('/download') ? response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': '5' }).end('bytes') : json(response, 200, mediaAnswer(base)),
    );
    servers.push(graph.server);

    const media = await download(graph.base);

    expect({ mimeType: media.mimeType, size: media.size }).toEqual({ mimeType: 'image/jpeg', size: 5 });
    expect(await text(media.body)).toBe('bytes');
    expect(graph.seen).toEqual(['/v23.0/7?phone_number_id=1001 Bearer the-token', '/download?mid=7 Bearer the-token']);
  });

  it("passes Meta's error on, with its code and subcode", async () => {
    const graph = await graphServer((_request, response) =>
      json(response, 400, { error: { message: 'Unsupported get request.', type: 'GraphMethodException', code: 100, error_subcode: 33, fbtrace_id: 'A' } }),
    );
    servers.push(graph.server);

    await expect(download(graph.base)).rejects.toMatchObject({ httpStatus: 400, code: 100, subcode: 33 });
  });

  it('answers no answer as httpStatus 0', async () => {
    const graph = await graphServer(() => undefined);
    await new Promise((resolve) => graph.server.close(resolve));

    await expect(download(graph.base)).rejects.toMatchObject({ name: 'WhatsAppApiError', httpStatus: 0 });
  });

  it('never sends the token to a URL off the Graph API host and Meta, nor follows a redirect', async () => {
    const elsewhere = await graphServer(() => undefined);
    let lookups = 0;
    const graph = await graphServer((request, response, base) => {
      if (request.url?.startsWith('/download')) return response.writeHead(302, { location: `${elsewhere.base}/steal` }).end();
      lookups += 1;
      // The first answer names a URL elsewhere; the second, one on the host that then redirects elsewhere.
      return json(response, 200, mediaAnswer(base, lookups === 1 ? { url: `${elsewhere.base}/steal` } : {}));
    });
    servers.push(graph.server, elsewhere.server);

    await expect(download(graph.base)).rejects.toThrow(/not at Meta's: not followed/);
    await expect(download(graph.base)).rejects.toMatchObject({ httpStatus: 302 });
    expect(elsewhere.seen).toEqual([]);
  });

  it('refuses a media announced, or found, larger than the limit', async () => {
    const graph = await graphServer((request, response, base) => {
      if (!request.url?.startsWith('/download')) return json(response, 200, mediaAnswer(base));
      // No Content-Length: the limit holds on the bytes themselves.
      response.writeHead(200, { 'content-type': 'image/jpeg' });
      response.write('01234');
      response.end('56789');
    });
    servers.push(graph.server);

    const media = await download(graph.base, 8);
    expect(media.size).toBe(5);
    await expect(text(media.body)).rejects.toBeInstanceOf(MediaTooLargeError);
    await expect(download(graph.base, 4)).rejects.toBeInstanceOf(MediaTooLargeError);
  });

  it('refuses an answer without the url', async () => {
    const graph = await graphServer((_request, response) => json(response, 200, { id: '7' }));
    servers.push(graph.server);

    await expect(download(graph.base)).rejects.toBeInstanceOf(WhatsAppApiError);
  });
});
