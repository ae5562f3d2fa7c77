// What every benchmark shares: a fresh Kafka broker and database (the same ones the e2e tests use), the whole
// platform as separate processes, peak-RSS sampling, and the report (a Markdown table on stdout, JSON on disk).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Starts Kafka and a throw-away database with every migration applied; returns the function that removes both. */
export async function startInfrastructure() {
  const { default: setup } = await import(path.join(workspaceRoot, 'libs/testing/src/global-setup.mjs'));
  const { default: teardown } = await import(path.join(workspaceRoot, 'libs/testing/src/global-teardown.mjs'));
  await setup();
  return teardown;
}

/**
 * The sandbox as WhatsApp behaves towards a receiver that falls behind: Meta keeps retrying a webhook it could not
 * deliver for days, where the sandbox's defaults (made for tests) give up after some 15 s. A benchmark that saturates
 * the ingress would otherwise lose statuses, and the dispatcher, hearing nothing about a send whose answer timed out,
 * would send it again after its reconcile window.
 */
export const sandboxAsWhatsApp = {
  SANDBOX_WEBHOOK_RETRY_DELAYS_MS: '1000,2000,4000,8000,15000,30000,60000,60000,60000,60000,60000,60000',
  SANDBOX_WEBHOOK_TIMEOUT_MS: '10000',
};

/** The platform helpers, from the build (`node tools/build/build.cjs` first). */
export async function testing() {
  const module = await import(path.join(workspaceRoot, 'dist/libs/testing/src/index.js'));
  return module.default ?? module;
}

/** Peak resident memory (VmHWM) of a process, in MB; 0 when it is gone. */
export function peakRssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

/** CPU seconds (user + system) a process has used so far; 0 when it is gone. */
function cpuSecondsOf(pid) {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Every process whose `/proc/<pid>/<file>` (its command line, its name) matches, by pid. */
function pidsMatching(file, pattern) {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return pattern.test(readFileSync(`/proc/${pid}/${file}`, 'utf8'));
      } catch {
        return false;
      }
    });
}

/** The broker the benchmark started (its pid file), else every Kafka broker on the machine. */
function kafkaPids() {
  const started = process.env.HERALD_TEST_KAFKA ? JSON.parse(process.env.HERALD_TEST_KAFKA) : null;
  if (started) {
    try {
      return [readFileSync(path.join(started.dataDir, 'kafka.pid'), 'utf8').trim()];
    } catch {
      return [];
    }
  }
  return pidsMatching('cmdline', /kafka\.Kafka/);
}

/**
 * The PostgreSQL processes that work for this benchmark: the backends of its own database and the server's shared
 * ones (WAL writer, checkpointer...), not the backends of other databases on a shared server.
 */
async function postgresPids() {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() OR backend_type <> 'client backend'`,
    );
    return rows.map((row) => String(row.pid));
  } finally {
    await client.end();
  }
}

/**
 * CPU seconds used so far by each service, the Kafka broker, PostgreSQL (see postgresPids) and this process (the
 * load generator), per pid: two snapshots give where a run's CPU went, which on a machine this small is what limits
 * throughput.
 */
export async function cpuSnapshot(services) {
  const of = (pids) => new Map(pids.map((pid) => [String(pid), cpuSecondsOf(pid)]));
  return {
    ...Object.fromEntries(Object.entries(services).map(([name, service]) => [name, of(service.child?.pid ? [service.child.pid] : [])])),
    kafka: of(kafkaPids()),
    postgresql: of(await postgresPids()),
    'load generator': of([process.pid]),
  };
}

/**
 * CPU milliseconds per message each process spent between two snapshots. A process that ended in between (a
 * database connection closed) is left out: what it used is gone with it.
 */
export function cpuPerMessage(before, after, messages) {
  const spent = (name) =>
    [...after[name]].reduce((total, [pid, seconds]) => total + Math.max(0, seconds - (before[name]?.get(pid) ?? 0)), 0);
  return Object.fromEntries(
    Object.keys(after).map((name) => [name, messages > 0 ? Math.round((spent(name) * 1000 * 100) / messages) / 100 : 0]),
  );
}

/** CPU ticks the whole machine has spent so far, busy and in all (the first line of `/proc/stat`). */
export function machineTicks() {
  // user nice system idle iowait irq softirq steal (guest time is counted in user already); steal is time the
  // host gave another VM, so it counts as busy: the cores were not there for this machine.
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  return { busy: total - ticks[3] - ticks[4], total };
}

/**
 * How many of the machine's cores were busy on average between two `machineTicks()`, whatever kept them busy
 * (the platform, the load generator, anything else on the host). Near all of them, a run measures CPU contention:
 * its latencies say how busy the host was, not what the platform adds.
 */
export function coresBusy(before, after) {
  const total = after.total - before.total;
  return total > 0 ? Math.round(((after.busy - before.busy) / total) * cpus().length * 100) / 100 : 0;
}

export function machine() {
  return { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
}

/** Command-line options as `--name value` (numbers where they look like numbers), over the defaults. */
export function options(defaults) {
  const result = { ...defaults };
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i += 1) {
    const name = args[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!(name in defaults)) throw new Error(`unknown option ${args[i]}; known: ${Object.keys(defaults).join(', ')}`);
    if (typeof defaults[name] === 'boolean') result[name] = true;
    else {
      const value = args[(i += 1)];
      result[name] = typeof defaults[name] === 'number' ? Number(value) : value;
    }
  }
  return result;
}

export function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Writes the run's figures under bench-results/ (ignored by git) and says where. */
export function writeResults(name, results) {
  const directory = path.join(workspaceRoot, 'bench-results');
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ benchmark: name, at: new Date().toISOString(), machine: machine(), ...results }, null, 2)}\n`);
  return path.relative(workspaceRoot, file);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
