import 'reflect-metadata';
import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, DEMO_API_KEY, loadConfig } from '@herald/config';
import { SecretBox } from '@herald/whatsapp';
import { AccountsService } from './accounts/accounts.service';
import { IngressConfig } from './config/ingress.config';

/**
 * Seeds the demo team, its API key and a WhatsApp channel pointing at the sandbox, for `npm start`. Idempotent:
 * fixed uuids and key, so a second run changes nothing. Prints the key as JSON for the start script. Development
 * mode only: the key is published, and a production ingress refuses to start while it works.
 */
export const demo = {
  teamUuid: '00000000-0000-4000-8000-000000000001',
  channelUuid: '00000000-0000-4000-8000-000000000002',
  apiKey: DEMO_API_KEY,
  phoneNumberId: process.env.SANDBOX_PHONE_NUMBER_ID ?? '100000000000002',
  wabaId: process.env.SANDBOX_WABA_ID ?? '100000000000001',
  accessToken: process.env.SANDBOX_ACCESS_TOKEN ?? 'sandbox-access-token',
};

/** Its standard output is the JSON the start script reads, so its log (Kafka's retries among it) goes to stderr. */
class StderrLogger extends ConsoleLogger {
  protected override printMessages(messages: unknown[], context?: string, logLevel?: LogLevel): void {
    super.printMessages(messages, context, logLevel, 'stderr');
  }
}

async function seedDemo(): Promise<void> {
  if (loadConfig(IngressConfig).HERALD_ENV !== 'development') {
    throw new ConfigError(["HERALD_ENV must be development to seed the demo team: its API key is published in Herald's source"]);
  }
  // The ingress answers an HTTP client within seconds when Kafka is away (3 producer retries); this one-off runs
  // against a broker that may have just created its topics, whose partitions can take longer to get a leader. The
  // configuration is read when the application module is loaded, so the module is loaded after this line.
  process.env.KAFKA_PRODUCER_RETRIES ??= '12';
  const { AppModule } = await import('./app.module');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: new StderrLogger({ logLevels: ['error', 'warn'] }) });
  try {
    const accounts = app.get(AccountsService);
    await accounts.createTeam('Demo team', demo.teamUuid);
    await accounts.createApiKey(demo.teamUuid, 'demo key', demo.apiKey);
    await accounts.saveChannel({
      uuid: demo.channelUuid,
      teamUuid: demo.teamUuid,
      name: 'Demo WhatsApp (sandbox)',
      phoneNumberId: demo.phoneNumberId,
      wabaId: demo.wabaId,
      accessTokenSealed: SecretBox.fromEnvironment().seal(demo.accessToken),
    });
    process.stdout.write(`${JSON.stringify({ teamUuid: demo.teamUuid, channelUuid: demo.channelUuid, apiKey: demo.apiKey })}\n`);
  } finally {
    await app.close();
  }
}

seedDemo().catch((error) => {
  process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
