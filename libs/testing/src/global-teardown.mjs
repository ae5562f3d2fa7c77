// Undoes global-setup.mjs: drops the throw-away database and stops the broker it started.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export default async function globalTeardown() {
  const state = globalThis.__HERALD_TEST_STATE__ ?? {};
  try {
    if (state.database) {
      const admin = new pg.Client({ connectionString: state.database.adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${state.database.name}" WITH (FORCE)`);
      await admin.end();
    }
  } finally {
    await stopBroker(state);
  }
}

async function stopBroker(state) {
  if (state.kafka) {
    const { stopKafka } = await import(path.join(workspaceRoot, 'tools/kafka/kafka.mjs'));
    await stopKafka({ port: state.kafka.port, dataDir: state.kafka.dataDir, quiet: true });
    rmSync(state.kafka.dataDir, { recursive: true, force: true });
  }
}
