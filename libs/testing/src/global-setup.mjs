// Jest global setup for tests that cross Kafka or PostgreSQL: a fresh single-node Kafka broker on a free port
// (unless KAFKA_BROKERS names one already), and a throw-away database with every service's migrations applied.
// It is plain ESM because jest loads global setup files natively, before any TypeScript transform exists.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
// The ingress first: the ledger's first migration takes over the tables the ingress's early migrations made.
const servicesWithDatabase = ['ingress', 'ledger', 'notifier', 'policy', 'template', 'dispatcher'];

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  const state = {};
  globalThis.__HERALD_TEST_STATE__ = state;
  try {
    await prepare(state);
  } catch (error) {
    // Jest runs no teardown when the setup fails: undo what was started, then fail.
    const { default: globalTeardown } = await import('./global-teardown.mjs');
    await globalTeardown().catch(() => undefined);
    throw error;
  }
}

async function prepare(state) {
  // Everything the tests and benchmarks start (services, the demo seed, the CLI) runs in development mode: the
  // published development secrets are its defaults, and the demo key may be seeded.
  process.env.HERALD_ENV = 'development';
  if (!process.env.KAFKA_BROKERS) {
    const { startKafka } = await import(path.join(workspaceRoot, 'tools/kafka/kafka.mjs'));
    const port = await freePort();
    const controllerPort = await freePort();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'herald-kafka-'));
    const kafka = await startKafka({ port, controllerPort, dataDir, fresh: true, quiet: true });
    process.env.KAFKA_BROKERS = kafka.brokers;
    // The fault tests stop and start this broker (libs/testing/src/broker.ts).
    process.env.HERALD_TEST_KAFKA = JSON.stringify({ port, controllerPort, dataDir });
    state.kafka = { port, dataDir };
  }
  // The key access tokens are sealed with, new for each run: nothing may depend on a particular one.
  process.env.HERALD_SECRET_KEY ??= randomBytes(32).toString('base64');
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `herald_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  state.database = { adminUrl, name: database };
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  process.env.DATABASE_URL = url.toString();
  for (const service of servicesWithDatabase) {
    execFileSync(process.execPath, [path.join(workspaceRoot, `dist/apps/${service}/src/migrate.js`)], {
      env: process.env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
}
