import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@herald/config';
import { DeadLetterError, DeadLetters } from '@herald/kafka';
import { runMigrations, databaseOptions, ensureDatabase } from '@herald/persistence';
import { CommanderError } from 'commander';
import { AccountError, AccountsService } from './accounts/accounts.service';
import { buildCli } from './cli/cli.commands';
import { InternalServicesConfig } from './config/ingress.config';
import { HeraldError } from './http/herald-error';
import { InternalServicesClient } from './internal/internal-services.client';
import { CliModule } from './cli/cli.module';
import { OperatorDecisions } from './cli/operator-decisions.service';
import { ingressDatabase } from './database/ingress.database';

/** The accounts CLI: brings the database up to date, then runs one command against it. */
async function main(): Promise<void> {
  let app: INestApplicationContext | undefined;
  const json = process.argv.includes('--json');
  const context = async () => {
    if (!app) {
      const config = loadConfig(InternalServicesConfig);
      await ensureDatabase(config.DATABASE_URL);
      await runMigrations(databaseOptions(config, ingressDatabase, 2));
      app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
    }
    return app;
  };
  const print = (human: string, machine: unknown) => process.stdout.write(`${json ? JSON.stringify(machine) : human}\n`);
  try {
    await buildCli(
      async () => (await context()).get(AccountsService),
      print,
      async () => (await context()).get(InternalServicesClient),
      async () => (await context()).get(DeadLetters),
      async () => (await context()).get(OperatorDecisions),
    ).parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
    } else {
      const known = error instanceof AccountError || error instanceof ConfigError || error instanceof HeraldError || error instanceof DeadLetterError;
      process.stderr.write(`herald: ${known ? (error as Error).message : String((error as Error).stack ?? error)}\n`);
      process.exitCode = 1;
    }
  } finally {
    await app?.close();
  }
}

void main();
