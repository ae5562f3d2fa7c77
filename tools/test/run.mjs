#!/usr/bin/env node
// `npm test`: every check CI runs, in order, stopping at the first failure. Lint, type-check and unit tests need
// nothing running; the integration specs beside them (`*.integration-spec.ts`, in each project's `test` target) need
// the PostgreSQL the e2e step uses too, each making and dropping a database of its own (libs/testing migratedDatabase);
// the e2e step starts its own Kafka broker and throw-away database (libs/testing/src/global-setup.mjs).
import { spawnSync } from 'node:child_process';

const nx = (...args) => ['npx', 'nx', ...args, '--outputStyle=stream'];
const steps = [
  ['lint, type-check, unit and integration tests', nx('run-many', '-t', 'lint', 'typecheck', 'test', '--parallel=2')],
  ['build', nx('run-many', '-t', 'build', '--parallel=1')],
  ['end-to-end tests (real Kafka, real PostgreSQL)', nx('run-many', '-t', 'e2e', '--parallel=1')],
  ['fault tests (services killed, broker and database cut off, WhatsApp failing)', nx('run-many', '-t', 'faults', '--parallel=1')],
  // The benchmarks print figures and assert none; the short runs only prove they still work end to end.
  ['benchmark smoke run: ingress', ['node', 'tools/bench/ingress.mjs', '--smoke']],
  ['benchmark smoke run: end to end', ['node', 'tools/bench/end-to-end.mjs', '--smoke']],
];

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: process.env.FORCE_COLOR ?? '0' };
for (const [name, [command, ...args]] of steps) {
  process.stdout.write(`\n=== ${name} ===\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    process.stdout.write(`\n=== ${name}: FAILED after ${seconds} s ===\n`);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`=== ${name}: ok in ${seconds} s ===\n`);
}
