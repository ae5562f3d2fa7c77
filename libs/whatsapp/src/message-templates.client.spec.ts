import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listMessageTemplates } from './message-templates.client';

/** A Graph API stand-in answering each request with what `answer` gives; records who asked with which token. */
async function graphServer(answer: (url: string, base: string) => unknown): Promise<{ base: string; seen: string[]; server: Server }> {
  const seen: string[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    seen.push(`${request.url} ${request.headers.authorization}`);
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(answer(request.url ?? '', base)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, seen, server };
}

const template = (name: string) => ({ id: name, name, language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [] });

describe('listMessageTemplates', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('follows paging.next on the configured host, absolute or relative', async () => {
    const graph = await graphServer((url, base) =>
      url.includes('after=2')
        ? { data: [template('third')] }
        : url.includes('after=1')
          ? { data: [template('second')], paging: { next: '/v23.0/waba/message_templates?after=2' } }
          : { data: [template('first')], paging: { next: `${base}/v23.0/waba/message_templates?after=1` } },
    );
    servers.push(graph.server);

    const listed = await listMessageTemplates({ apiUrl: graph.base, apiVersion: 'v23.0', accessToken: 'the-token' }, 'waba');

    expect(listed.map((t) => t.name)).toEqual(['first', 'second', 'third']);
    expect(graph.seen.every((line) => line.endsWith('Bearer the-token'))).toBe(true);
  });

  it('never sends the token to a next page on another host', async () => {
    const elsewhere = await graphServer(() => ({ data: [template('stolen')] }));
    const graph = await graphServer(() => ({ data: [template('first')], paging: { next: `${elsewhere.base}/collect?after=1` } }));
    servers.push(graph.server, elsewhere.server);

    await expect(listMessageTemplates({ apiUrl: graph.base, apiVersion: 'v23.0', accessToken: 'the-token' }, 'waba')).rejects.toThrow(
      `next page of templates is at ${elsewhere.base}, not at ${graph.base}: not followed`,
    );
    expect(elsewhere.seen).toEqual([]);
  });
});
