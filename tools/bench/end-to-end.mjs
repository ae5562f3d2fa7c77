#!/usr/bin/env node
// `npm run bench:e2e`: M template messages over HTTP through policy, template and dispatcher, to a sandbox answering
// with realistic latency and the channel's limit raised to WhatsApp's highest (1,000/s), so WhatsApp is not the
// bottleneck. Two runs: at an open-loop target rate, then as fast as the stack takes them (the maximum it holds).
// Each measures accept -> the sandbox receiving the Graph API call, sustained throughput, that every accepted message
// was received exactly once, and each process's CPU per message; the report ends with every service's peak RSS.
// Options: --messages <n> (60000, per run) --rate <per s> (1000) --target-only (skip the run at full speed)
//          --latency <ms> (40) --connections <n> (100) --recipients <n> (10000)
//          --numbers <n> (2 WhatsApp numbers, 1,000/s each, the load spread over them)
//          --warmup <n> (messages at the target rate first, not measured: 30 s' worth, 3,000 at full speed; 0 for none)
//          --idle <s> (10: how long the platform's CPU is measured idle, after the warm-up)
//          --smoke (300 messages at 100/s, then 300 at full speed, through 10 connections, no warm-up).
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Pool } from 'undici';
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
import { endToEndVerdict } from './verdict.cjs';

const settings = options({ messages: 60_000, rate: 1_000, targetOnly: false, latency: 40, connections: 100, recipients: 10_000, numbers: 2, warmup: -1, idle: 10, smoke: false });
if (settings.smoke) Object.assign(settings, { messages: 300, rate: 100, connections: 10, warmup: 0, idle: 2 });
// The first seconds after a start run cold (the JIT of the services and of the broker), and a run measures the
// platform as it runs for hours, so it is warmed first (docs/benchmarks.md has the figures).
if (settings.warmup < 0) settings.warmup = settings.rate > 0 ? settings.rate * 30 : 3_000;

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const spread = (list) => ({ p50: percentile(list, 50), p99: percentile(list, 99), max: list[list.length - 1] ?? 0 });

/**
 * POSTs `amount` requests over a pool of `connections`. At `rate` per second the load is open loop: request i is due
 * at the start plus i / rate whether or not the earlier ones were answered, and its latency counts from when it was
 * due, so a slow answer, or a wait for a free connection, is not hidden by sending less. (autocannon's rate is a
 * quota per connection and second, sent at once when each second begins: at 100/s over 100 connections, a burst of
 * 100 requests every second, which is not the load a target rate means.) At rate 0, closed loop: each connection
 * sends its next request when the last is answered, as fast as the platform takes them.
 */
async function send({ url, connections, amount, rate, headers, body }) {
  const { origin, pathname } = new URL(url);
  const pool = new Pool(origin, { connections, headersTimeout: 30_000, bodyTimeout: 30_000 });
  const latencies = [];
  let accepted = 0;
  let errors = 0;
  const one = async (due) => {
    try {
      const { statusCode, body: answer } = await pool.request({ path: pathname, method: 'POST', headers, body: body() });
      await answer.dump();
      if (statusCode >= 200 && statusCode < 300) {
        accepted += 1;
        latencies.push(Math.round(performance.now() - due));
      } else errors += 1;
    } catch {
      errors += 1;
    }
  };
  const started = performance.now();
  if (rate > 0) {
    const dueAt = (n) => started + (n * 1000) / rate;
    const inFlight = [];
    for (let sent = 0; sent < amount; ) {
      // Everything due by now goes out, then the loop sleeps until the next is due (timers fire late on a busy
      // machine; the late ones go together, each timed from when it was due).
      for (const now = performance.now(); sent < amount && dueAt(sent) <= now; sent += 1) inFlight.push(one(dueAt(sent)));
      if (sent < amount) await sleep(Math.max(1, dueAt(sent) - performance.now()));
    }
    await Promise.all(inFlight);
  } else {
    let next = 0;
    const connection = async () => {
      while (next < amount) {
        next += 1;
        await one(performance.now());
      }
    };
    await Promise.all(Array.from({ length: connections }, connection));
  }
  await pool.close();
  return { accepted, errors, latencies: latencies.sort((a, b) => a - b) };
}

const teardown = await startInfrastructure();
let platform;
let exitCode = 0;
const database = new pg.Client({ connectionString: process.env.DATABASE_URL });
try {
  const { startPlatform, eventually, startDeliveryReceiver } = await testing();
  const { templateUuidFor } = await import(path.join(workspaceRoot, 'dist/libs/contracts/src/index.js')).then((m) => m.default ?? m);
  platform = await startPlatform({
    // BENCH_NODE_OPTIONS reaches every service: `--require tools/bench/cpu-profile.cjs` to see where the time goes.
    // The team's endpoint below listens on this machine, which a real installation would refuse.
    env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}) },
    sandboxEnv: { ...sandboxAsWhatsApp, SANDBOX_RESPONSE_LATENCY_MS: String(settings.latency), LOG_LEVEL: 'warn' },
    ingressEnv: { RATE_LIMIT_PER_SECOND: '1000000', LOG_LEVEL: 'warn' },
    dispatcherEnv: { DISPATCH_CONCURRENCY: '512', LOG_LEVEL: 'warn' },
  });
  // A team's own system, subscribed to every status: what the notifier delivers is measured with the rest.
  const receiver = await startDeliveryReceiver();
  const endpoint = await fetch(`${platform.ingressUrl}/webhooks/endpoints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${platform.apiKey}` },
    body: JSON.stringify({ url: receiver.url, events: ['message.status_changed'] }),
  });
  if (endpoint.status !== 201) throw new Error(`the webhook endpoint was refused: HTTP ${endpoint.status} ${await endpoint.text()}`);
  await database.connect();
  // WhatsApp takes at most 1,000 messages/s from one number: the load is spread over `--numbers` channels, each at
  // that limit, so WhatsApp is not what a run at 1,000/s measures.
  const cli = (...args) =>
    execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), ...args, '--json'], {
      env: { ...process.env, ...platform.services.ingress.env, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
  const cliWithInput = (input, ...args) =>
    execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), ...args, '--json'], {
      env: { ...process.env, ...platform.services.ingress.env, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      input,
    });
  cli('channels', 'set', '--channel', platform.channelUuid, '--messages-per-second', '1000');
  // The sandbox's WhatsApp Business Account, whose templates every number shares.
  const wabaId = '100000000000001';
  const channels = [platform.channelUuid];
  for (let number = 2; number <= settings.numbers; number += 1) {
    const added = JSON.parse(
      cliWithInput(
        'sandbox-access-token',
        'channels', 'add', '--team', platform.teamUuid, '--name', `bench number ${number}`,
        '--phone-number-id', String(100_000_000_000_001 + number), '--waba-id', wabaId,
        '--access-token-stdin', '--messages-per-second', '1000',
      ),
    );
    channels.push(added.uuid);
  }
  await eventually(async () => {
    const { rows } = await database.query('SELECT count(*)::int AS n FROM dispatcher.channels WHERE uuid = ANY($1) AND messages_per_second = 1000', [channels]);
    return rows[0].n === channels.length ? true : undefined;
  });
  const template = templateUuidFor(wabaId, 'greeting', 'en_US');
  let index = 0;

  /** Statements PostgreSQL aborted as deadlocked so far (each waited deadlock_timeout, a second, first). */
  const deadlocks = async () =>
    Number((await database.query(`SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()`)).rows[0].deadlocks);

  /** One run: `amount` template messages at `rate` per second (0: as fast as they are taken), then its figures. */
  async function run(rate, amount = settings.messages) {
    const webhooksBefore = receiver.received.length;
    const cpuBefore = await cpuSnapshot(platform.services);
    const deadlocksBefore = await deadlocks();
    const sendsBefore = (await (await fetch(`${platform.sandboxUrl}/_sandbox/stats`, { headers: platform.internalHeaders })).json()).sends;
    const since = new Date();
    const started = Date.now();
    const ticksBefore = machineTicks();
    const load = await send({
      url: `${platform.ingressUrl}/messages/send`,
      connections: settings.connections,
      amount,
      rate,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${platform.apiKey}` },
      body: () => {
        index += 1;
        return JSON.stringify({
          to: `+1555${String(1_000_000 + (index % settings.recipients)).padStart(7, '0')}`,
          from: 'whatsapp',
          channel_uuid: channels[index % channels.length],
          type: 'text',
          template_uuid: template,
          content: { text: `Customer ${index}` },
          optin_contact: true,
        });
      },
    });
    const accepted = load.accepted;
    const sendSeconds = (Date.now() - started) / 1000;
    const sendingCores = coresBusy(ticksBefore, machineTicks());

    // Wait for the sandbox to have every accepted message, or for progress to stop for 30 s.
    let last = -1;
    let lastChange = Date.now();
    for (;;) {
      const { sends } = await (await fetch(`${platform.sandboxUrl}/_sandbox/stats`, { headers: platform.internalHeaders })).json();
      if (sends - sendsBefore >= accepted) break;
      if (sends !== last) [last, lastChange] = [sends, Date.now()];
      if (Date.now() - lastChange > 30_000) break;
      await sleep(250);
    }
    const delivered = Date.now();
    // The message's statuses (sent, delivered, read) come back as webhooks after the send: the run ends when the
    // ledger has them all, so their cost is counted and the next run does not start on top of them.
    lastChange = Date.now();
    let unread = -1;
    for (;;) {
      const { rows } = await database.query(
        `SELECT count(*)::int AS n FROM ledger.messages WHERE team_uuid = $1 AND created_at >= $2 AND status <> 'read'`,
        [platform.teamUuid, since],
      );
      if (rows[0].n !== unread) [unread, lastChange] = [rows[0].n, Date.now()];
      if (unread === 0 || Date.now() - lastChange > 30_000) break;
      await sleep(250);
    }
    const statusesSettledS = Math.round((Date.now() - delivered) / 100) / 10;
    // Each message's four statuses (enqueued, sent, delivered, read) reach the team's endpoint.
    lastChange = Date.now();
    let webhooksIn = -1;
    for (;;) {
      const count = receiver.received.length - webhooksBefore;
      if (count !== webhooksIn) [webhooksIn, lastChange] = [count, Date.now()];
      if (count >= accepted * 4 || Date.now() - lastChange > 30_000) break;
      await sleep(250);
    }
    const cpu = cpuPerMessage(cpuBefore, await cpuSnapshot(platform.services), accepted);
    const webhooks = receiver.received.slice(webhooksBefore);
    // From the status at Herald (the event's time: the accept for enqueued, WhatsApp's webhook for the others) to the
    // endpoint having it.
    const webhookLatencies = webhooks.map((delivery) => delivery.receivedAt - Date.parse(delivery.payload.timestamp)).sort((a, b) => a - b);
    const notifierCpuPerEvent = webhooks.length > 0 ? Math.round(((cpu.notifier ?? 0) * accepted * 1000) / webhooks.length) / 1000 : 0;
    const deadlocked = (await deadlocks()) - deadlocksBefore;

    const { rows: ledger } = await database.query(`SELECT uuid, created_at FROM ledger.messages WHERE team_uuid = $1 AND created_at >= $2`, [
      platform.teamUuid,
      since,
    ]);
    const acceptedAt = new Map(ledger.map((row) => [row.uuid, row.created_at.getTime()]));
    // Where the time goes: accept -> the policy's decision (one Kafka hop), -> queued in the dispatcher (two hops and
    // the template service), -> the sandbox (the send queue, the rate slot, the HTTP call).
    const { rows: queued } = await database.query(`SELECT message_uuid, created_at FROM dispatcher.dispatches WHERE created_at >= $1`, [since]);
    const queuedAt = new Map(queued.map((row) => [row.message_uuid, row.created_at.getTime()]));
    const { rows: decided } = await database.query(`SELECT message_uuid, decided_at FROM policy.decisions WHERE decided_at >= $1`, [since]);
    const decidedAt = new Map(decided.map((row) => [row.message_uuid, row.decided_at.getTime()]));
    const { data: receipts } = await (await fetch(`${platform.sandboxUrl}/_sandbox/receipts`, { headers: platform.internalHeaders })).json();
    const toPolicy = [];
    const toQueue = [];
    const fromQueue = [];
    const latencies = [];
    const receivedTimes = [];
    const receivedCount = new Map();
    for (const receipt of receipts) {
      const at = Date.parse(receipt.receivedAt);
      if (at < since.getTime()) continue;
      const uuid = receipt.bizOpaqueCallbackData;
      receivedCount.set(uuid, (receivedCount.get(uuid) ?? 0) + 1);
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
    for (const list of [latencies, toPolicy, toQueue, fromQueue, receivedTimes]) list.sort((a, b) => a - b);
    const span = receivedTimes.length > 1 ? (receivedTimes[receivedTimes.length - 1] - receivedTimes[0]) / 1000 : 0;
    return {
      offeredRate: rate > 0 ? rate : 'max',
      accepted,
      httpErrors: load.errors,
      acceptedPerSecond: Math.round(accepted / sendSeconds),
      coresBusyWhileSending: sendingCores,
      acceptLatencyMs: spread(load.latencies),
      sustainedPerSecond: span > 0 ? Math.round(receivedTimes.length / span) : 0,
      acceptToWhatsAppMs: spread(latencies),
      acceptToPolicyDecisionMs: spread(toPolicy),
      policyDecisionToDispatcherQueueMs: spread(toQueue),
      dispatcherQueueToWhatsAppMs: spread(fromQueue),
      statusesSettledS,
      statusesMissing: unread,
      received: receivedTimes.length,
      lost: [...acceptedAt.keys()].filter((uuid) => !receivedCount.has(uuid)).length,
      duplicated: [...receivedCount.values()].filter((count) => count > 1).length,
      unexpected: [...receivedCount.keys()].filter((uuid) => !acceptedAt.has(uuid)).length,
      cpuMsPerMessage: cpu,
      deadlocks: deadlocked,
      webhooksDelivered: webhooks.length,
      webhooksExpected: accepted * 4,
      statusToWebhookMs: spread(webhookLatencies),
      notifierCpuMsPerWebhook: notifierCpuPerEvent,
    };
  }

  // As in bench:ingress, the JIT, the connection pools and the consumers' first fetches are not what is measured.
  if (settings.warmup > 0) await run(settings.rate, settings.warmup);
  // What the platform costs with nothing to do (consumers polling, timers): on a small machine, a tax on every run.
  const idleBefore = await cpuSnapshot(platform.services);
  await sleep(settings.idle * 1000);
  // CPU ms per unit: divided by the seconds waited, it is ms per second.
  const idleCpu = cpuPerMessage(idleBefore, await cpuSnapshot(platform.services), settings.idle);
  const runs = [await run(settings.rate)];
  if (!settings.targetOnly) runs.push(await run(0));
  const rss = Object.fromEntries(Object.entries(platform.services).map(([name, service]) => [name, peakRssMb(service.child?.pid)]));

  const outcome = endToEndVerdict({ smoke: settings.smoke, runs });
  const label = (figures) => (figures.offeredRate === 'max' ? 'full speed' : `${figures.offeredRate}/s`);
  const total = (cpu) => Math.round(Object.values(cpu).reduce((a, b) => a + b, 0) * 100) / 100;
  process.stdout.write(
    `\n## end to end: ${settings.messages} template messages per run (after ${settings.warmup} not measured) over ${settings.numbers} numbers, sandbox latency ${settings.latency} ms, ${settings.connections} connections\n\n` +
      markdownTable(
        ['offered', 'accepted', 'HTTP errors', 'accepted/s', 'sustained/s', 'p50 ms', 'p99 ms', 'max ms', 'received', 'lost', 'duplicated', 'statuses in (s after the last send)', 'deadlocks', `cores busy while sending (of ${cpus().length})`],
        runs.map((figures) => [
          label(figures),
          figures.accepted,
          figures.httpErrors,
          figures.acceptedPerSecond,
          figures.sustainedPerSecond,
          figures.acceptToWhatsAppMs.p50,
          figures.acceptToWhatsAppMs.p99,
          figures.acceptToWhatsAppMs.max,
          figures.received,
          figures.lost,
          figures.duplicated,
          figures.statusesMissing === 0 ? figures.statusesSettledS : `${figures.statusesMissing} messages short of "read"`,
          figures.deadlocks,
          figures.coresBusyWhileSending,
        ]),
      ) +
      '\n\n' +
      runs
        // A smoke run's rate is too short to hold or miss.
        .filter((figures) => !settings.smoke && figures.offeredRate !== 'max' && figures.acceptedPerSecond < figures.offeredRate * 0.95)
        .map(
          (figures) =>
            `At ${label(figures)} ${figures.acceptedPerSecond}/s were accepted: the platform answered slower than the ` +
            `requests came, so they queued for the ${settings.connections} connections (the wait is in their latency).\n\n`,
        )
        .join('') +
      markdownTable(
        ['offered', 'stage', 'p50 ms', 'p99 ms', 'max ms'],
        runs.flatMap((figures) => [
          [label(figures), 'accept (HTTP answer)', ...Object.values(figures.acceptLatencyMs)],
          [label(figures), 'accept -> the policy decided', ...Object.values(figures.acceptToPolicyDecisionMs)],
          [label(figures), 'decided -> queued in the dispatcher (template on the way)', ...Object.values(figures.policyDecisionToDispatcherQueueMs)],
          [label(figures), 'queued -> WhatsApp (sandbox) receives it', ...Object.values(figures.dispatcherQueueToWhatsAppMs)],
        ]),
      ) +
      '\n\n' +
      markdownTable(
        ['offered', 'webhooks delivered', 'of', 'status at Herald -> endpoint p50 ms', 'p99 ms', 'max ms', 'notifier CPU ms per webhook'],
        runs.map((figures) => [
          label(figures),
          figures.webhooksDelivered,
          figures.webhooksExpected,
          figures.statusToWebhookMs.p50,
          figures.statusToWebhookMs.p99,
          figures.statusToWebhookMs.max,
          figures.notifierCpuMsPerWebhook,
        ]),
      ) +
      '\n\n' +
      markdownTable(
        ['process', 'peak RSS MB', ...runs.map((figures) => `CPU ms per message, ${label(figures)}`), 'CPU ms per second, idle'],
        [
          ...Object.keys(runs[0].cpuMsPerMessage).map((name) => [
            name,
            rss[name] ?? '',
            ...runs.map((figures) => figures.cpuMsPerMessage[name]),
            idleCpu[name],
          ]),
          ['**all**', '', ...runs.map((figures) => `**${total(figures.cpuMsPerMessage)}**`), `**${total(idleCpu)}**`],
        ],
      ) +
      `\n\n${outcome.text}`,
  );
  process.stdout.write(`figures written to ${writeResults('end-to-end', { settings, runs, peakRssMb: rss, idleCpuMsPerSecond: idleCpu })}\n`);
  if (!outcome.held) exitCode = 1;
} catch (error) {
  process.stderr.write(`end-to-end benchmark failed: ${error.stack ?? error}\n`);
  exitCode = 1;
} finally {
  await database.end().catch(() => undefined);
  await platform?.stop();
  await teardown();
}
process.exit(exitCode);
