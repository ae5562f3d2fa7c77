import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { BaseConfig, HeraldConfigModule } from '@herald/config';
import { storage } from 'nestjs-pino/storage';
import { accessLogLevel, LoggingModule, requestLogFields } from './logging.module';

describe('accessLogLevel', () => {
  it('logs an answered webhook at debug: WhatsApp sends three for every message', () => {
    expect(accessLogLevel('/webhooks/whatsapp', 200)).toBe('debug');
  });

  it('logs a refused webhook as any other request, so a wrong signature is seen', () => {
    expect(accessLogLevel('/webhooks/whatsapp', 401)).toBe('info');
    expect(accessLogLevel('/webhooks/whatsapp', 503)).toBe('error');
    expect(accessLogLevel('/webhooks/whatsapp', 200, new Error('socket hang up'))).toBe('error');
  });

  it("logs clients' requests at info", () => {
    expect(accessLogLevel('/messages/send', 202)).toBe('info');
    expect(accessLogLevel('/messages/send', 422)).toBe('info');
    expect(accessLogLevel('/messages/send', 500)).toBe('error');
  });
});

describe('requestLogFields', () => {
  const request = {
    id: 'req-1',
    method: 'POST',
    url: '/messages/send',
    headers: { authorization: 'Bearer hk_live_secret', 'x-hub-signature-256': 'sha256=abc', cookie: 'session=1' },
    socket: { remoteAddress: '127.0.0.1' },
  };

  it('says which request it was and nothing of its headers, so no credential reaches a log line', () => {
    expect(requestLogFields(request)).toEqual({ id: 'req-1', method: 'POST', url: '/messages/send' });
    expect(JSON.stringify(requestLogFields(request))).not.toMatch(/secret|sha256|session/);
  });

  it("censors a secret in the query, as Meta's webhook verification sends its token there", () => {
    const url = '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=let-me-in&hub.challenge=1158201444';
    expect(requestLogFields({ ...request, method: 'GET', url }).url).toBe(
      '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=[redacted]&hub.challenge=1158201444',
    );
    expect(requestLogFields({ ...request, url: '/x?api_key=k1&secret=s1&page=2' }).url).toBe('/x?api_key=[redacted]&secret=[redacted]&page=2');
  });
});

describe('LoggingModule over HTTP', () => {
  /** Whether the request that asked was served inside the request's logging context. */
  @Controller()
  class ContextController {
    @Get('health/context')
    health() {
      return { inContext: storage.getStore() !== undefined };
    }

    @Get('messages/context')
    messages() {
      return { inContext: storage.getStore() !== undefined };
    }
  }

  @Module({ imports: [HeraldConfigModule.forRoot(BaseConfig), LoggingModule], controllers: [ContextController] })
  class TestModule {}

  let app: NestFastifyApplication;
  const savedEnvironment = { ...process.env };

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    app = await NestFactory.create<NestFastifyApplication>(TestModule, new FastifyAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
    process.env = savedEnvironment;
  });

  const inContext = async (url: string) => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    return (response.json() as { inContext: boolean }).inContext;
  };

  it('serves a health probe outside the logging context, which would cost every later promise a hook', async () => {
    expect(await inContext('/health/context')).toBe(false);
  });

  it('serves any other request inside it, so its log lines carry its request id', async () => {
    expect(await inContext('/messages/context')).toBe(true);
  });
});
