import Fastify, { FastifyInstance } from 'fastify';
import { everyRouteButHealth, requireInternalApiToken } from './internal-api-token';

describe('requireInternalApiToken', () => {
  let fastify: FastifyInstance;
  const token = 'the-internal-api-token';

  beforeAll(async () => {
    fastify = Fastify();
    requireInternalApiToken(fastify, token, everyRouteButHealth);
    fastify.get('/health/ready', async () => ({ status: 'ok' }));
    fastify.post('/decisions/preview', async () => ({ allowed: true }));
    await fastify.ready();
  });

  afterAll(async () => {
    await fastify.close();
  });

  const call = (url: string, authorization?: string) =>
    fastify.inject({ method: url === '/health/ready' ? 'GET' : 'POST', url, headers: authorization ? { authorization } : {}, payload: {} });

  it('serves a request that carries the token', async () => {
    expect((await call('/decisions/preview', `Bearer ${token}`)).statusCode).toBe(200);
    expect((await call('/decisions/preview', `bearer  ${token} `)).statusCode).toBe(200);
  });

  it('answers 401, in the error shape, to a request without it or with another', async () => {
    for (const authorization of [undefined, 'Bearer', `Bearer ${token}x`, `Bearer ${token.slice(1)}`, token, `Basic ${token}`]) {
      const response = await call('/decisions/preview', authorization);
      expect({ authorization, status: response.statusCode }).toEqual({ authorization, status: 401 });
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('INTERNAL_API_TOKEN') } });
    }
  });

  it('answers 401 for a path it does not serve, so no route is revealed', async () => {
    expect((await call('/no/such/route')).statusCode).toBe(401);
    expect((await call('/no/such/route', `Bearer ${token}`)).statusCode).toBe(404);
  });

  it('lets health probes through without it', async () => {
    expect((await call('/health/ready')).statusCode).toBe(200);
  });
});
