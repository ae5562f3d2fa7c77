import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@herald/config';
import { DeadLetters } from '@herald/kafka';
import { runMigrations, databaseOptions, ensureDatabase } from '@herald/persistence';
import { SecretBox } from '@herald/whatsapp';
import { CommanderError } from 'commander';
import { AccountsService } from './accounts/accounts.service';
import { buildCli } from './cli/cli.commands';
import { CliConfig } from './config/ingress.config';
import { InternalServicesClient } from './internal/internal-services.client';
import { CliModule } from './cli/cli.module';
import { OperatorDecisions } from './cli/operator-decisions.service';
import { ingressDatabase } from './database/ingress.database';
import { WebhookEndpointsService } from './webhook-endpoints/webhook-endpoints.service';

/** The accounts CLI: brings the database up to date, then runs one command against it. */
async function main(): Promise<void> {
  let app: INestApplicationContext | undefined;
  const json = process.argv.includes('--json');
  const context = async () => {
    if (!app) {
      const config = loadConfig(CliConfig);
      await ensureDatabase(config.DATABASE_URL);
      await runMigrations(databaseOptions(config, ingressDatabase, 2));
      // A failure reaches the person as the one line main() prints, not as log lines besides it.
      app = await NestFactory.createApplicationContext(CliModule, { logger: false });
    }
    return app;
  };
  // Only the commands that seal a token read the key: the rest work without HERALD_SECRET_KEY.
  let box: SecretBox | undefined;
  const secretBox = () => (box ??= SecretBox.fromEnvironment());
  const print = (human: string, machine: unknown) => process.stdout.write(`${json ? JSON.stringify(machine) : human}\n`);
  try {
    await buildCli(
      async () => (await context()).get(AccountsService),
      print,
      async () => (await context()).get(InternalServicesClient),
      async () => (await context()).get(DeadLetters),
      async () => (await context()).get(OperatorDecisions),
      {
        seal: (token) => secretBox().seal(token),
        reseal: (sealed) => (secretBox().isCurrent(sealed) ? undefined : secretBox().seal(secretBox().open(sealed))),
        readStdin,
      },
      async () => (await context()).get(WebhookEndpointsService),
    ).parseAsync(process.argv);
  } catch (error) {
    // Commander has already said what was wrong with the command line.
    if (error instanceof CommanderError) process.exitCode = error.exitCode;
    else {
      process.stderr.write(`herald: ${oneLine(error)}\n`);
      process.exitCode = 1;
    }
  } finally {
    await app?.close();
  }
}

/** Any failure as one line for a person: what went wrong, never where in the code (a stack) it was noticed. */
function oneLine(error: unknown): string {
  if (error instanceof ConfigError) return `invalid configuration: ${error.problems.join('; ')}`;
  const message = error instanceof Error ? error.message : String(error);
  return message.trim().replace(/\s*\n\s*/g, '; ') || 'failed';
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

void main();
