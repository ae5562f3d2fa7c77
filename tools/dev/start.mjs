#!/usr/bin/env node
// `npm start`: the whole platform on this machine. Starts Kafka (unless KAFKA_BROKERS names a broker), builds,
// creates and migrates the database, seeds a demo team, key and sandbox channel, runs the six processes with
// prefixed logs, and prints how to send a first message. Ctrl-C stops everything, Kafka included.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import concurrently from 'concurrently';
import { startKafka, stopKafka } from '../kafka/kafka.mjs';
import runtime from './service-runtime.cjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const node = process.execPath;
const dist = (app, entry = 'main') => path.join(root, `dist/apps/${app}/src/${entry}.js`);

const ports = {
  ingress: Number(process.env.PORT ?? 3000),
  policy: Number(process.env.POLICY_PORT ?? 3001),
  template: Number(process.env.TEMPLATE_PORT ?? 3002),
  dispatcher: Number(process.env.DISPATCHER_PORT ?? 3003),
  ledger: Number(process.env.LEDGER_PORT ?? 3004),
  notifier: Number(process.env.NOTIFIER_PORT ?? 3005),
  sandbox: Number(process.env.SANDBOX_PORT ?? 3100),
};
const ingressUrl = `http://127.0.0.1:${ports.ingress}`;
const sandboxUrl = `http://127.0.0.1:${ports.sandbox}`;

const env = {
  // How every service runs, as in the image and the tests (service-runtime.cjs).
  ...runtime.serviceEnvironment(process.env),
  // Development mode: the secrets default to the published development ones (libs/config's DEVELOPMENT_SETTINGS), and
  // the demo key may be seeded. A real deployment runs in production mode, which refuses both.
  HERALD_ENV: 'development',
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald',
  WHATSAPP_API_URL: process.env.WHATSAPP_API_URL ?? sandboxUrl,
  LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
};

let startedKafka = null;
let stopping = false;

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  if (startedKafka) {
    process.stdout.write('stopping Kafka...\n');
    await stopKafka({ port: startedKafka.port }).catch((error) => process.stderr.write(`${error.message}\n`));
  }
  process.exit(code);
}

function step(title, command, args) {
  process.stdout.write(`${title}\n`);
  return execFileSync(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
}

async function waitReady(name, port, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} is not ready on port ${port}`);
}

async function main() {
  // Ctrl-C reaches every process of the group; this one waits for the services to stop, then stops Kafka.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => undefined);

  if (!process.env.KAFKA_BROKERS) {
    const port = Number(process.env.KAFKA_PORT ?? 9092);
    const kafka = await startKafka({ port });
    startedKafka = { port };
    env.KAFKA_BROKERS = kafka.brokers;
  }
  step('building...', node, [path.join(root, 'tools/build/build.cjs')]);
  process.stdout.write(step('migrating the database...', node, [dist('ingress', 'migrate')]));
  process.stdout.write(step('', node, [dist('ledger', 'migrate')]));
  process.stdout.write(step('', node, [dist('notifier', 'migrate')]));
  process.stdout.write(step('', node, [dist('policy', 'migrate')]));
  process.stdout.write(step('', node, [dist('template', 'migrate')]));
  process.stdout.write(step('', node, [dist('dispatcher', 'migrate')]));
  const demo = JSON.parse(step('seeding the demo team, API key and sandbox channel...', node, [dist('ingress', 'seed-demo')]).trim());
  // The sandbox's control endpoints take the internal API token the services run with.
  const { DEVELOPMENT_SETTINGS } = (await import(path.join(root, 'dist/libs/config/src/development.js'))).default;
  const internal = { authorization: `Bearer ${process.env.INTERNAL_API_TOKEN ?? DEVELOPMENT_SETTINGS.INTERNAL_API_TOKEN}` };

  const service = (name, app, port, extra = {}) => ({
    name,
    // Relative to the workspace root: concurrently strips quotes that wrap a whole command line.
    command: `node dist/apps/${app}/src/main.js`,
    env: { ...env, PORT: String(port), ...extra },
  });
  const { result } = concurrently(
    [
      service('sandbox', 'whatsapp-sandbox', ports.sandbox, { WEBHOOK_URL: `${ingressUrl}/webhooks/whatsapp` }),
      // The internal services the ingress asks, where they listen here: the dispatcher makes its Graph API calls.
      service('ingress', 'ingress', ports.ingress, {
        POLICY_URL: `http://127.0.0.1:${ports.policy}`,
        TEMPLATE_URL: `http://127.0.0.1:${ports.template}`,
        DISPATCHER_URL: `http://127.0.0.1:${ports.dispatcher}`,
      }),
      service('ledger', 'ledger', ports.ledger),
      // Development: receivers on this machine (http://127.0.0.1:...) are allowed.
      service('notifier', 'notifier', ports.notifier, { WEBHOOK_ALLOW_PRIVATE: 'true' }),
      service('policy', 'policy', ports.policy),
      service('template', 'template', ports.template),
      // Development: media links served on this machine (http://127.0.0.1:...) are fetched and uploaded.
      service('dispatcher', 'dispatcher', ports.dispatcher, { MEDIA_FETCH_ALLOW_PRIVATE: 'true' }),
    ],
    { prefix: 'name', prefixColors: ['magenta', 'cyan', 'gray', 'white', 'yellow', 'green', 'blue'], killOthersOn: ['failure'], cwd: root },
  );
  result.then(
    () => shutdown(0),
    () => shutdown(stopping ? 0 : 1),
  );

  await Promise.all(Object.entries(ports).map(([name, port]) => waitReady(name, port)));
  // WhatsApp lets a business send free-form messages only within 24 hours of the customer's last message:
  // the demo customer writes in first (a signed inbound webhook from the sandbox), so the curl below is delivered.
  const inbound = await fetch(`${sandboxUrl}/_sandbox/inbound`, {
    method: 'POST',
    headers: { ...internal, 'content-type': 'application/json' },
    body: JSON.stringify({ from: '+15550001111', text: 'Hi! (the demo customer)' }),
  });
  if (!inbound.ok) throw new Error(`the sandbox could not simulate the demo customer writing in: HTTP ${inbound.status}`);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const curl = `curl -s ${ingressUrl}/messages/send \\
  -H 'Authorization: Bearer ${demo.apiKey}' -H 'Content-Type: application/json' \\
  -d '{"to":"+15550001111","from":"whatsapp","type":"text","content":{"text":"Hello"}}'`;
  process.stdout.write(`
Herald is running.
  API:          ${ingressUrl}
  Demo API key: ${demo.apiKey}
  Sandbox:      curl -s ${sandboxUrl}/_sandbox/messages -H 'Authorization: ${internal.authorization}' (what "WhatsApp" received)
  Kafka:        ${env.KAFKA_BROKERS}

Send a message:
${curl}

Then follow it:  curl -s ${ingressUrl}/messages/status/<uuid> -H 'Authorization: Bearer ${demo.apiKey}'

The demo customer +15550001111 has just written in, which opens WhatsApp's 24-hour window. Another customer
must write first too (or receive a template), else the message is rejected with session_window_closed:
  curl -s ${sandboxUrl}/_sandbox/inbound -H 'Authorization: ${internal.authorization}' \\
    -H 'Content-Type: application/json' -d '{"from":"+15550002222","text":"Hi"}'
Ctrl-C stops everything.
`);
}

main().catch(async (error) => {
  process.stderr.write(`npm start failed: ${error.message}\n`);
  await shutdown(1);
});
