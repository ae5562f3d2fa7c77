#!/usr/bin/env node
// `npm run bench:ingress`: how many messages per second POST /messages/send accepts, and how fast, with the whole
// platform running; then the same load against the baseline (baseline-server.mjs) in the same run.
// Options: --duration <s> (15) --connections <n> (50) --recipients <n> (10000) --smoke (3 s, 10 connections).
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  coresBusy,
  cpuPerMessage,
  cpuSnapshot,
  machineTicks,
  markdownTable,
  options,
  peakRssMb,
  sandboxAsWhatsApp,
  sleep,
  startInfrastructure,
  testing,
  workspaceRoot,
  writeResults,
} from './stack.mjs';
import { ingressVerdict } from './verdict.cjs';

const settings = options({ duration: 15, connections: 50, recipients: 10_000, smoke: false });
if (settings.smoke) Object.assign(settings, { duration: 3, connections: 10 });

const body = (index) =>
  JSON.stringify({
    to: `+1555${String(1_000_000 + (index % settings.recipients)).padStart(7, '0')}`,
    from: 'whatsapp',
    type: 'text',
    content: { text: `Your order #${index} ships today` },
  });

/** One autocannon run: every request a text message to the next of many recipients. */
async function load(url, apiKey) {
  let index = 0;
  const ticks = machineTicks();
  const result = await autocannon({
    url: `${url}/messages/send`,
    method: 'POST',
    connections: settings.connections,
    duration: settings.duration,
    headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    requests: [{ setupRequest: (request) => ({ ...request, body: body((index += 1)) }) }],
  });
  const accepted = result['2xx'];
  return {
    acceptedPerSecond: Math.round(accepted / settings.duration),
    accepted,
    errors: result.errors + result.timeouts + result.non2xx,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    coresBusy: coresBusy(ticks, machineTicks()),
  };
}

async function startBaseline() {
  const { freePort } = await testing();
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(workspaceRoot, 'tools/bench/baseline-server.mjs')], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`the baseline server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => child.kill('SIGTERM') };
}

const teardown = await startInfrastructure();
let platform;
let exitCode = 0;
try {
  const { startPlatform } = await testing();
  platform = await startPlatform({
    // BENCH_NODE_OPTIONS reaches every service: `--require <a profiler>` to see where the time goes.
    env: process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {},
    ingressEnv: { RATE_LIMIT_PER_SECOND: '1000000', LOG_LEVEL: 'warn' },
    sandboxEnv: { ...sandboxAsWhatsApp, LOG_LEVEL: 'warn' },
  });
  // A short warm-up, so the JIT and the connection pools are not what is measured.
  await load(platform.ingressUrl, platform.apiKey).catch(() => undefined);
  await sleep(1_000);
  const cpuBefore = await cpuSnapshot(platform.services);
  const herald = await load(platform.ingressUrl, platform.apiKey);
  const heraldCpu = cpuPerMessage(cpuBefore, await cpuSnapshot(platform.services), herald.accepted);
  const ingressRss = peakRssMb(platform.services.ingress.child?.pid);

  // The platform works off what it accepted (every message is decided and its ledger row moved) before the
  // baseline runs, so the baseline does not compete with Herald's backlog for the CPU.
  const database = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await database.connect();
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const { rows } = await database.query(`SELECT count(*)::int AS n FROM ledger.messages WHERE status = 'enqueued'`);
    if (rows[0].n === 0) break;
    await sleep(500);
  }
  await database.end();

  const baselineServer = await startBaseline();
  await load(baselineServer.url);
  const baselineCpuBefore = await cpuSnapshot({ baseline: { child: { pid: baselineServer.pid } } });
  const baseline = await load(baselineServer.url);
  const baselineCpu = cpuPerMessage(baselineCpuBefore, await cpuSnapshot({ baseline: { child: { pid: baselineServer.pid } } }), baseline.accepted);
  const baselineRss = peakRssMb(baselineServer.pid);
  baselineServer.stop();

  const ratio = baseline.acceptedPerSecond ? herald.acceptedPerSecond / baseline.acceptedPerSecond : 0;
  const outcome = ingressVerdict({ smoke: settings.smoke, ratio, herald, baseline });
  const row = (name, figures, rss) => [
    name,
    figures.acceptedPerSecond,
    figures.latencyMs.p50,
    figures.latencyMs.p99,
    figures.latencyMs.max,
    figures.errors,
    rss,
    figures.coresBusy,
  ];
  process.stdout.write(
    `\n## ingress: POST /messages/send, ${settings.connections} connections, ${settings.duration} s, ${settings.recipients} recipients\n\n` +
      markdownTable(
        ['server', 'accepted/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'peak RSS MB', `cores busy (of ${cpus().length})`],
        [row('Herald ingress', herald, ingressRss), row('baseline (Fastify + kafkajs)', baseline, baselineRss)],
      ) +
      '\n\n' +
      // The platform keeps processing what the ingress accepts during its run: on a small machine that is CPU the
      // ingress does not get, and the baseline (which feeds nothing) does.
      markdownTable(
        ['CPU ms per accepted message', ...Object.keys(heraldCpu)],
        [
          ['Herald run', ...Object.values(heraldCpu)],
          ['baseline run', ...Object.keys(heraldCpu).map((name) => baselineCpu[name === 'ingress' ? 'baseline' : name] ?? '')],
        ],
      ) +
      `\n\n${outcome.text}`,
  );
  const file = writeResults('ingress', {
    settings,
    herald: { ...herald, peakRssMb: ingressRss, cpuMsPerMessage: heraldCpu },
    baseline: { ...baseline, peakRssMb: baselineRss, cpuMsPerMessage: baselineCpu },
    ratio,
  });
  process.stdout.write(`figures written to ${file}\n`);
  if (!outcome.held) exitCode = 1;
} catch (error) {
  process.stderr.write(`ingress benchmark failed: ${error.stack ?? error}\n`);
  exitCode = 1;
} finally {
  await platform?.stop();
  await teardown();
}
process.exit(exitCode);
