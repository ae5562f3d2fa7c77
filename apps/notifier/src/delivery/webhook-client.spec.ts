import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkWebhookUrl, UrlVerdict } from '@herald/webhooks';
import { WebhookClient } from './webhook-client';

/** A receiver on 127.0.0.1 answering as `handler` says, counting the requests it got. */
async function receiver(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ server: Server; url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((request, response) => {
    hits += 1;
    request.resume();
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits };
}

const allowAll = (url: string) => checkWebhookUrl(url, { allowPrivate: true, allowedHosts: [] });

describe('WebhookClient', () => {
  const servers: Server[] = [];
  const clients: WebhookClient[] = [];
  const client = (options: Partial<ConstructorParameters<typeof WebhookClient>[0]> = {}) => {
    const made = new WebhookClient({ timeoutMs: 2_000, check: allowAll, ...options });
    clients.push(made);
    return made;
  };
  const serve = async (handler: Parameters<typeof receiver>[0]) => {
    const made = await receiver(handler);
    servers.push(made.server);
    return made;
  };

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((made) => made.close()));
    const closing = servers.splice(0);
    for (const server of closing) server.closeAllConnections();
    await Promise.all(closing.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('POSTs the body as JSON with the given headers, and reports a 2xx as delivered', async () => {
    let seen: { method?: string; type?: string; id?: string; body: string } = { body: '' };
    const { url } = await serve((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen = { method: request.method, type: request.headers['content-type'], id: request.headers['webhook-id'] as string, body };
        response.writeHead(204).end();
      });
    });
    const result = await client().post(`${url}/hook`, '{"id":"evt_1"}', { 'webhook-id': 'evt_1' });
    expect(result).toEqual(expect.objectContaining({ responseCode: 204, error: null }));
    expect(seen).toEqual({ method: 'POST', type: 'application/json', id: 'evt_1', body: '{"id":"evt_1"}' });
  });

  it('does not follow a redirect: a 302 is a failed attempt', async () => {
    const target = await serve((_request, response) => response.writeHead(200).end());
    const { url } = await serve((_request, response) => response.writeHead(302, { location: `${target.url}/elsewhere` }).end());
    const result = await client().post(url, '{}', {});
    expect(result).toEqual(expect.objectContaining({ responseCode: 302, error: 'answered 302: redirects are not followed' }));
    expect(target.hits()).toBe(0);
  });

  it('reads a body only up to the limit: an answer that never ends still ends the attempt', async () => {
    const { url } = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(16 * 1024, 'x');
      const pump = () => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', pump);
      };
      pump();
    });
    const result = await client({ timeoutMs: 5_000 }).post(url, '{}', {});
    expect(result).toEqual(expect.objectContaining({ responseCode: 200, error: null }));
    expect(result.latencyMs).toBeLessThan(5_000);
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const { url } = await serve(() => undefined);
    const result = await client({ timeoutMs: 200 }).post(url, '{}', {});
    expect(result).toEqual(expect.objectContaining({ responseCode: null, error: 'no answer within 200 ms' }));
  });

  it('passes on Retry-After, for the schedule', async () => {
    const { url } = await serve((_request, response) => response.writeHead(429, { 'retry-after': '30' }).end());
    expect(await client().post(url, '{}', {})).toEqual(expect.objectContaining({ responseCode: 429, error: 'answered 429', retryAfter: '30' }));
  });

  it('refuses a private address unless the installation allows it, without a request', async () => {
    const { url, hits } = await serve((_request, response) => response.writeHead(200).end());
    const strict = client({ check: (target) => checkWebhookUrl(target, { allowPrivate: false, allowedHosts: [] }) });
    const result = await strict.post(url, '{}', {});
    expect(result.responseCode).toBeNull();
    expect(result.error).toMatch(/^refused: the URL must be an https URL/);
    expect(hits()).toBe(0);
  });

  it('connects to the address the check answered, never to a second resolution of the name', async () => {
    const { url, hits } = await serve((_request, response) => response.writeHead(200).end());
    const port = new URL(url).port;
    const resolved: string[] = [];
    // `rebinding.invalid` resolves nowhere: the connection can only have gone to the checked 127.0.0.1.
    const check = async (target: string): Promise<UrlVerdict> => {
      resolved.push(new URL(target).hostname);
      return { ok: true, url: new URL(target), addresses: ['127.0.0.1'] };
    };
    const result = await client({ check }).post(`http://rebinding.invalid:${port}/`, '{}', {});
    expect(result).toEqual(expect.objectContaining({ responseCode: 200, error: null }));
    expect(resolved).toEqual(['rebinding.invalid']);
    expect(hits()).toBe(1);
  });

  it('refuses at delivery a name that now resolves to a refused address (DNS rebinding)', async () => {
    const { hits, url } = await serve((_request, response) => response.writeHead(200).end());
    const port = new URL(url).port;
    const check = (target: string) => checkWebhookUrl(target, { allowPrivate: false, allowedHosts: [] }, async () => ['127.0.0.1']);
    const result = await client({ check }).post(`https://hooks.example.com:${port}/`, '{}', {});
    expect(result.error).toBe('refused: the URL its host resolves to 127.0.0.1, a private, loopback or reserved address');
    expect(hits()).toBe(0);
  });
});
