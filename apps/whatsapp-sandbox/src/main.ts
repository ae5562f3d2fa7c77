import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { SandboxConfig } from './config/sandbox.config';
import { createSandboxHttpAdapter, protectControlEndpoints } from './sandbox-http-adapter';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createSandboxHttpAdapter(), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  protectControlEndpoints(app);
  app.enableShutdownHooks();
  const config = app.get(SandboxConfig);
  await app.listen(config.PORT, config.HOST);
  new NestLogger('WhatsAppSandbox').log(
    `WhatsApp sandbox listening on ${await app.getUrl()}: phone number id ${config.SANDBOX_PHONE_NUMBER_ID}, WABA ${config.SANDBOX_WABA_ID}, status webhooks to ${config.WEBHOOK_URL}`,
  );
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
