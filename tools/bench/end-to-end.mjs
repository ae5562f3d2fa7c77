#!/usr/bin/env node
// `npm run bench:e2e`: M template messages over HTTP at an open-loop target rate, through policy, template and
// dispatcher, to a sandbox answering with realistic latency and the channel's limit raised to WhatsApp's highest
// (1,000/s), so WhatsApp is not the bottleneck. Measures accept -> the sandbox receiving the Graph API call,
// sustained throughput, that every accepted message was received exactly once, and each service's peak RSS.
// Options: --messages <n> (60000) --rate <per s> (1000) --latency <ms> (40) --connections <n> (100)
//          --recipients <n> (10000) --smoke (300 messages at 100/s).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { cpuPerMessage, cpuSnapshot, markdownTable, options, peakRssMb, sleep, startInfrastructure, testing, workspaceRoot, writeResults } from './stack.mjs';

const settings = options({ messages: 60_000, rate: 1_000, latency: 40, connections: 100, recipients: 10_000, smoke: false });
if (settings.smoke) Object.assign(settings, { messages: 300, rate: 100, connections: 10 });

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

const teardown = await startInfrastructure();
let platform;
let exitCode = 0;
const database = new pg.Client({ connectionString: process.env.DATABASE_URL });
try {
  const { startPlatform, eventually } = await testing();
  const { templateUuidFor } = await import(path.join(workspaceRoot, 'dist/libs/contracts/src/index.js')).then((m) => m.default ?? m);
  platform = await startPlatform({
    // BENCH_NODE_OPTIONS reaches every service: `--require <a profiler>` to see where the time goes.
    env: process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {},
    sandboxEnv: { SANDBOX_RESPONSE_LATENCY_MS: String(settings.latency), LOG_LEVEL: 'warn' },
    ingressEnv: { RATE_LIMIT_PER_SECOND: '1000000', LOG_LEVEL: 'warn' },
    dispatcherEnv: { DISPATCH_CONCURRENCY: '512', LOG_LEVEL: 'warn' },
  });
  await database.connect();
  execFileSync(
    process.execPath,
    [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), 'channels', 'set', '--channel', platform.channelUuid, '--messages-per-second', '1000'],
    { env: { ...process.env, ...platform.services.ingress.env, LOG_LEVEL: 'silent' }, stdio: 'ignore' },
  );
  await eventually(async () => {
    const { rows } = await database.query('SELECT messages_per_second FROM dispatcher.channels WHERE uuid = $1', [platform.channelUuid]);
    return rows[0]?.messages_per_second === 1000 ? true : undefined;
  });

  const template = templateUuidFor('100000000000001', 'greeting', 'en_US');
  let index = 0;
  const cpuBefore = cpuSnapshot(platform.services);
  const started = Date.now();
  const load = await autocannon({
    url: `${platform.ingressUrl}/messages/send`,
    method: 'POST',
    connections: settings.connections,
    amount: settings.messages,
    overallRate: settings.rate,
    timeout: 30,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${platform.apiKey}` },
    requests: [
      {
        setupRequest: (request) => {
          index += 1;
          return {
            ...request,
            body: JSON.stringify({
              to: `+1555${String(1_000_000 + (index % settings.recipients)).padStart(7, '0')}`,
              from: 'whatsapp',
              type: 'text',
              template_uuid: template,
              content: { text: `Customer ${index}` },
              optin_contact: true,
            }),
          };
        },
      },
    ],
  });
  const accepted = load['2xx'];
  const sendSeconds = (Date.now() - started) / 1000;

  // Wait for the sandbox to have every accepted message, or for progress to stop for 30 s.
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const { sends } = await (await fetch(`${platform.sandboxUrl}/_sandbox/stats`)).json();
    if (sends >= accepted) break;
    if (sends !== last) [last, lastChange] = [sends, Date.now()];
    if (Date.now() - lastChange > 30_000) break;
    await sleep(250);
  }
  const rss = Object.fromEntries(Object.entries(platform.services).map(([name, service]) => [name, peakRssMb(service.child?.pid)]));
  const cpu = cpuPerMessage(cpuBefore, cpuSnapshot(platform.services), accepted);

  const { data: sends } = await (await fetch(`${platform.sandboxUrl}/_sandbox/messages`)).json();
  const { rows: ledger } = await database.query(`SELECT uuid, created_at FROM ingress.messages WHERE team_uuid = $1`, [platform.teamUuid]);
  const acceptedAt = new Map(ledger.map((row) => [row.uuid, row.created_at.getTime()]));
  // Where the time goes: accept -> the policy's decision (one Kafka hop), -> queued in the dispatcher (two hops and
  // the template service), -> the sandbox (the send queue, the rate slot, the HTTP call).
  const { rows: queued } = await database.query(`SELECT message_uuid, created_at FROM dispatcher.dispatches`);
  const queuedAt = new Map(queued.map((row) => [row.message_uuid, row.created_at.getTime()]));
  const { rows: decided } = await database.query(`SELECT message_uuid, decided_at FROM policy.decisions`);
  const decidedAt = new Map(decided.map((row) => [row.message_uuid, row.decided_at.getTime()]));
  const toPolicy = [];
  const toQueue = [];
  const fromQueue = [];
  const receivedCount = new Map();
  const latencies = [];
  const receivedTimes = [];
  for (const send of sends) {
    const uuid = send.body.biz_opaque_callback_data;
    receivedCount.set(uuid, (receivedCount.get(uuid) ?? 0) + 1);
    const at = Date.parse(send.receivedAt);
    receivedTimes.push(at);
    if (acceptedAt.has(uuid) && receivedCount.get(uuid) === 1) {
      latencies.push(at - acceptedAt.get(uuid));
      if (queuedAt.has(uuid) && decidedAt.has(uuid)) {
        toPolicy.push(decidedAt.get(uuid) - acceptedAt.get(uuid));
        toQueue.push(queuedAt.get(uuid) - decidedAt.get(uuid));
        fromQueue.push(at - queuedAt.get(uuid));
      }
    }
  }
  for (const list of [latencies, toPolicy, toQueue, fromQueue]) list.sort((a, b) => a - b);
  const spread = (list) => ({ p50: percentile(list, 50), p99: percentile(list, 99), max: list[list.length - 1] ?? 0 });
  receivedTimes.sort((a, b) => a - b);
  const lost = [...acceptedAt.keys()].filter((uuid) => !receivedCount.has(uuid)).length;
  const duplicated = [...receivedCount.values()].filter((count) => count > 1).length;
  const unexpected = [...receivedCount.keys()].filter((uuid) => !acceptedAt.has(uuid)).length;
  const span = receivedTimes.length > 1 ? (receivedTimes[receivedTimes.length - 1] - receivedTimes[0]) / 1000 : 0;
  const sustained = span > 0 ? Math.round(receivedTimes.length / span) : 0;

  const figures = {
    accepted,
    httpErrors: load.errors + load.timeouts + load.non2xx,
    offeredPerSecond: Math.round(accepted / sendSeconds),
    sustainedPerSecond: sustained,
    acceptToWhatsAppMs: spread(latencies),
    acceptToPolicyDecisionMs: spread(toPolicy),
    policyDecisionToDispatcherQueueMs: spread(toQueue),
    dispatcherQueueToWhatsAppMs: spread(fromQueue),
    received: sends.length,
    lost,
    duplicated,
    unexpected,
    peakRssMb: rss,
    cpuMsPerMessage: cpu,
  };
  process.stdout.write(
    `\n## end to end: ${settings.messages} template messages at ${settings.rate}/s offered, sandbox latency ${settings.latency} ms\n\n` +
      markdownTable(
        ['accepted', 'HTTP errors', 'offered/s', 'sustained/s', 'p50 ms', 'p99 ms', 'max ms', 'received', 'lost', 'duplicated'],
        [[accepted, figures.httpErrors, figures.offeredPerSecond, sustained, figures.acceptToWhatsAppMs.p50, figures.acceptToWhatsAppMs.p99, figures.acceptToWhatsAppMs.max, sends.length, lost, duplicated]],
      ) +
      '\n\n' +
      markdownTable(
        ['stage', 'p50 ms', 'p99 ms', 'max ms'],
        [
          ['accept -> the policy decided', ...Object.values(figures.acceptToPolicyDecisionMs)],
          ['decided -> queued in the dispatcher (template on the way)', ...Object.values(figures.policyDecisionToDispatcherQueueMs)],
          ['queued -> WhatsApp (sandbox) receives it', ...Object.values(figures.dispatcherQueueToWhatsAppMs)],
        ],
      ) +
      '\n\n' +
      markdownTable(
        ['process', 'peak RSS MB', 'CPU ms per message'],
        Object.entries(cpu).map(([name, ms]) => [name, rss[name] ?? '', ms]),
      ) +
      `\n\nCPU per message, all processes: ${Math.round(Object.values(cpu).reduce((a, b) => a + b, 0) * 10) / 10} ms` +
      '\n\n(targets: >= 1,000/s sustained for 60 s, p99 <= 250 ms, zero lost or duplicated, each service <= 200 MB)\n',
  );
  process.stdout.write(`figures written to ${writeResults('end-to-end', { settings, ...figures })}\n`);
  // The smoke run proves the benchmark and the platform work: everything accepted arrived once, nothing else did.
  if (accepted === 0 || lost > 0 || duplicated > 0 || unexpected > 0 || figures.httpErrors > 0) exitCode = 1;
} catch (error) {
  process.stderr.write(`end-to-end benchmark failed: ${error.stack ?? error}\n`);
  exitCode = 1;
} finally {
  await database.end().catch(() => undefined);
  await platform?.stop();
  await teardown();
}
process.exit(exitCode);
