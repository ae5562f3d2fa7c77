import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { BaseConfig, HeraldConfigModule } from '@herald/config';
import { storage } from 'nestjs-pino/storage';
import { accessLogLevel, LoggingModule } from './logging.module';

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
