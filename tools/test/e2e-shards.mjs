#!/usr/bin/env node
// The e2e suite in E2E_SHARDS jest processes at once (1 by default: one process, spec after spec). Each process is
// a shard of its own: its global setup starts its own Kafka broker and makes its own database, so the shards share
// nothing but the machine. On two cores two shards contend for the CPU and time-sensitive specs can miss their
// marks (docs/benchmarks.md); a machine with more cores can set E2E_SHARDS to its number.
// Arguments after the script are passed to every jest process (a spec path narrows the run to the shards that hold it).
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const specsDir = path.join(workspaceRoot, 'apps/e2e/test');
const shardCount = Math.max(1, Number(process.env.E2E_SHARDS ?? 1));

// Relative weights of the specs that take longest (those not named weigh 1), so the shards come out even: the
// heaviest first, each to the lightest shard so far.
const weights = {
  'dispatcher.e2e-spec.ts': 4,
  'accounts-cli.e2e-spec.ts': 3,
  'service-alone.e2e-spec.ts': 3,
  'contacts.e2e-spec.ts': 2,
  'window.e2e-spec.ts': 2,
  'access-tokens.e2e-spec.ts': 1.5,
  'webhooks.e2e-spec.ts': 1.5,
  'outbox.e2e-spec.ts': 1.5,
  'media-links.e2e-spec.ts': 1.5,
};
const weightOf = (file) => weights[file] ?? 1;

const [filter] = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const jestArgs = process.argv.slice(2).filter((arg) => arg !== filter);
const specs = readdirSync(specsDir)
  .filter((file) => file.endsWith('.e2e-spec.ts'))
  .filter((file) => !filter || path.join(specsDir, file).includes(filter.replace(/^\.\//, '')) || file.includes(filter))
  .sort((a, b) => weightOf(b) - weightOf(a) || a.localeCompare(b));

const shards = Array.from({ length: Math.min(shardCount, specs.length) }, () => ({ load: 0, specs: [] }));
for (const spec of specs) {
  const lightest = shards.reduce((least, shard) => (shard.load < least.load ? shard : least));
  lightest.load += weightOf(spec);
  lightest.specs.push(path.join('apps/e2e/test', spec));
}

const jestBin = path.join(workspaceRoot, 'node_modules/jest/bin/jest.js');
// One shard is the whole suite in jest's own order, named by no list (a filter still narrows it).
if (shards.length === 1 && !filter) shards[0].specs = [];
const runs = shards.map(
  (shard, index) =>
    new Promise((resolve) => {
      const name = shards.length > 1 ? `[shard ${index + 1}/${shards.length}] ` : '';
      const child = spawn(process.execPath, [jestBin, '-c', 'apps/e2e/jest.config.cjs', '--runInBand', ...jestArgs, ...shard.specs], {
        cwd: workspaceRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      for (const stream of [child.stdout, child.stderr]) {
        let rest = '';
        stream.on('data', (chunk) => {
          const lines = (rest + chunk.toString('utf8')).split('\n');
          rest = lines.pop() ?? '';
          for (const line of lines) process.stdout.write(`${name}${line}\n`);
        });
        stream.on('end', () => rest && process.stdout.write(`${name}${rest}\n`));
      }
      child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    }),
);

const codes = await Promise.all(runs);
process.exit(codes.every((code) => code === 0) ? 0 : 1);
