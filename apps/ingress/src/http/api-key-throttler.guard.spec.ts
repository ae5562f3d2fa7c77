import { Controller, Get, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ThrottlerModule } from '@nestjs/throttler';
import { Public } from '@herald/observability';
import { httpAdapter } from '@herald/runtime';
import { AccountsService, AuthenticatedTeam } from '../accounts/accounts.service';
import { ApiKeyGuard } from '../accounts/api-key.guard';
import { ApiKeyThrottlerGuard } from './api-key-throttler.guard';
import { HttpErrorFilter } from './http-error.filter';

/** The keys the stand-in for the accounts know: the secret is the key's uuid. */
const keys = new Set(['key-a', 'key-b', 'key-c', 'key-d']);
const lookups: string[] = [];
const accounts: Pick<AccountsService, 'authenticate'> = {
  authenticate: async (secret: string): Promise<AuthenticatedTeam | null> => {
    lookups.push(secret);
    return keys.has(secret) ? { teamUuid: `team-of-${secret}`, apiKeyUuid: secret } : null;
  },
};

@Controller()
class RoutesController {
  @Get('one')
  one() {
    return {};
  }

  @Get('two')
  two() {
    return {};
  }

  @Public()
  @Get('open')
  open() {
    return {};
  }
}

/** Wired as AppModule wires the HTTP API's guard. */
@Module({
  imports: [ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: 2 }])],
  controllers: [RoutesController],
  providers: [
    { provide: APP_FILTER, useClass: HttpErrorFilter },
    { provide: AccountsService, useValue: accounts },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    ApiKeyThrottlerGuard,
  ],
})
class TestModule {}

/** The ingress's HTTP stack as runService builds it, with the proxies given trusted. */
async function start(trustProxy: string[]): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(TestModule, httpAdapter({ trustProxy }), { logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('ApiKeyGuard and its rate limit', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await start([]);
  });

  afterAll(() => app?.close());

  const statuses = async (
    url: string,
    times: number,
    request: { key?: string; from?: string; forwardedFor?: (i: number) => string } = {},
  ) => {
    const answers: number[] = [];
    for (let i = 0; i < times; i += 1) {
      const headers: Record<string, string> = {};
      if (request.key) headers.authorization = `Bearer ${request.key}`;
      if (request.forwardedFor) headers['x-forwarded-for'] = request.forwardedFor(i);
      answers.push((await app.inject({ method: 'GET', url, headers, remoteAddress: request.from ?? '192.0.2.1' })).statusCode);
    }
    return answers;
  };

  it("counts each API key's requests on their own, per route, and refuses the one over the limit with 429", async () => {
    expect(await statuses('/one', 3, { key: 'key-a' })).toEqual([200, 200, 429]);
    expect(await statuses('/one', 2, { key: 'key-b' })).toEqual([200, 200]);
    expect(await statuses('/two', 2, { key: 'key-a' })).toEqual([200, 200]);
  });

  it('counts a request with a valid key against the key, whatever address it comes from or names', async () => {
    // The key is looked up before the limit is counted: two keys from one address have a budget each...
    expect(await statuses('/two', 2, { key: 'key-c', from: '192.0.2.50' })).toEqual([200, 200]);
    expect(await statuses('/two', 2, { key: 'key-d', from: '192.0.2.50' })).toEqual([200, 200]);
    // ...and one key has one budget from every address.
    expect(await statuses('/two', 1, { key: 'key-c', from: '192.0.2.51', forwardedFor: () => '198.51.100.9' })).toEqual([429]);
  });

  it('counts requests without a valid key by address: a new X-Forwarded-For is not a new budget', async () => {
    const rotating = (i: number) => `203.0.113.${i + 1}`;
    expect(await statuses('/one', 3, { from: '192.0.2.7', forwardedFor: rotating })).toEqual([401, 401, 429]);
    expect(await statuses('/one', 3, { key: 'not-a-key', from: '192.0.2.8', forwardedFor: rotating })).toEqual([401, 401, 429]);
    // Another address still has its budget, and a valid key from a throttled address has the key's own.
    expect(await statuses('/one', 1, { key: 'wrong', from: '192.0.2.9' })).toEqual([401]);
    expect(await statuses('/one', 1, { key: 'key-b', from: '192.0.2.8' })).toEqual([429]);
    expect(await statuses('/two', 1, { key: 'key-b', from: '192.0.2.8' })).toEqual([200]);
  });

  it('never limits nor asks for a key on a public route', async () => {
    lookups.length = 0;
    expect(await statuses('/open', 3, { key: 'key-a' })).toEqual([200, 200, 200]);
    expect(await statuses('/open', 3)).toEqual([200, 200, 200]);
    expect(lookups).toEqual([]);
  });

  it('says how long to wait', async () => {
    const answer = await app.inject({ method: 'GET', url: '/one', headers: { authorization: 'Bearer key-a' } });
    expect(answer.statusCode).toBe(429);
    expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(answer.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining('at most 2 per 60 s') } });
  });

  describe('behind a proxy listed in TRUST_PROXY', () => {
    let proxied: NestFastifyApplication;

    beforeAll(async () => {
      proxied = await start(['10.0.0.0/8']);
    });

    afterAll(() => proxied?.close());

    const status = async (from: string, forwardedFor: string) =>
      (await proxied.inject({ method: 'GET', url: '/one', headers: { 'x-forwarded-for': forwardedFor }, remoteAddress: from })).statusCode;

    it('counts the client the proxy names, and ignores the header from anyone else', async () => {
      expect([await status('10.1.1.1', '203.0.113.5'), await status('10.1.1.1', '203.0.113.5'), await status('10.1.1.1', '203.0.113.5')]).toEqual([
        401, 401, 429,
      ]);
      // Another client behind the same proxy has its own budget.
      expect(await status('10.1.1.1', '203.0.113.6')).toBe(401);
      // Not a listed proxy: its X-Forwarded-For names nobody, the peer is counted.
      expect([await status('192.0.2.99', '203.0.113.7'), await status('192.0.2.99', '203.0.113.8'), await status('192.0.2.99', '203.0.113.9')]).toEqual([
        401, 401, 429,
      ]);
    });
  });
});
