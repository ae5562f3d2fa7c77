import { CanActivate, Controller, ExecutionContext, Get, Injectable, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ThrottlerModule } from '@nestjs/throttler';
import { Public } from '@herald/observability';
import { ApiKeyThrottlerGuard } from './api-key-throttler.guard';
import { HttpErrorFilter } from './http-error.filter';

/** Stands in for the API key guard: the team is whichever the test names. */
@Injectable()
class TeamFromHeader implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string>; team?: { apiKeyUuid: string } }>();
    if (request.headers['x-team']) request.team = { apiKeyUuid: request.headers['x-team'] };
    return true;
  }
}

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

@Module({
  imports: [ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: 2 }])],
  controllers: [RoutesController],
  providers: [
    { provide: APP_FILTER, useClass: HttpErrorFilter },
    { provide: APP_GUARD, useClass: TeamFromHeader },
    { provide: APP_GUARD, useClass: ApiKeyThrottlerGuard },
  ],
})
class TestModule {}

describe('ApiKeyThrottlerGuard', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(TestModule, new FastifyAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app?.close());

  const statuses = async (url: string, team: string | undefined, times: number) => {
    const answers: number[] = [];
    for (let i = 0; i < times; i += 1) {
      answers.push((await app.inject({ method: 'GET', url, headers: team ? { 'x-team': team } : {} })).statusCode);
    }
    return answers;
  };

  it("counts each API key's requests on their own, per route, and refuses the one over the limit with 429", async () => {
    expect(await statuses('/one', 'key-a', 3)).toEqual([200, 200, 429]);
    expect(await statuses('/one', 'key-b', 2)).toEqual([200, 200]);
    expect(await statuses('/two', 'key-a', 2)).toEqual([200, 200]);
  });

  it('counts requests without a key by address, and never limits a public route', async () => {
    expect(await statuses('/one', undefined, 3)).toEqual([200, 200, 429]);
    expect(await statuses('/open', 'key-a', 3)).toEqual([200, 200, 200]);
  });

  it('says how long to wait', async () => {
    const answer = await app.inject({ method: 'GET', url: '/one', headers: { 'x-team': 'key-a' } });
    expect(answer.statusCode).toBe(429);
    expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(answer.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining('at most 2 per 60 s') } });
  });
});
