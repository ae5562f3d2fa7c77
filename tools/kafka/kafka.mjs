#!/usr/bin/env node
// A real single-node Apache Kafka broker (KRaft: broker and controller in one JVM) for development and tests,
// assembled from Maven Central artifacts. Idempotent: `start` on a running broker and `stop` on a stopped one
// change nothing.
//
//   node tools/kafka/kafka.mjs start|stop|status|fetch [--port 9092] [--controller-port 9093] [--data-dir DIR] [--fresh]
//                                                    [--sasl-port 9094]
//
// Settings may also come from KAFKA_PORT, KAFKA_CONTROLLER_PORT, KAFKA_DATA_DIR, KAFKA_HEAP_OPTS and KAFKA_SASL_PORT.
// A SASL port adds a SASL_PLAINTEXT listener (SCRAM-SHA-512) whose user, KAFKA_SASL_USERNAME with
// KAFKA_SASL_PASSWORD (the variables the services read), is created when the storage is formatted.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import broker from './broker.cjs';

const { Kafka, logLevel } = kafkajs;
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const { KAFKA_VERSION, KAFKA_HEAP_OPTS, BROKER_SETTINGS } = broker;
const libDir = path.join(root, '.kafka', 'lib', KAFKA_VERSION);
const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';

function settings(options = {}) {
  const port = Number(options.port ?? process.env.KAFKA_PORT ?? 9092);
  const controllerPort = Number(options.controllerPort ?? process.env.KAFKA_CONTROLLER_PORT ?? port + 1);
  const dataDir = path.resolve(options.dataDir ?? process.env.KAFKA_DATA_DIR ?? path.join(root, '.kafka', 'data', String(port)));
  const heap = options.heap ?? process.env.KAFKA_HEAP_OPTS ?? KAFKA_HEAP_OPTS;
  const saslPort = options.saslPort ?? process.env.KAFKA_SASL_PORT;
  return {
    port,
    controllerPort,
    dataDir,
    heap,
    brokers: `127.0.0.1:${port}`,
    pidFile: path.join(dataDir, 'kafka.pid'),
    saslPort: saslPort ? Number(saslPort) : undefined,
  };
}

/** The SCRAM user of the SASL listener, from the variables the services read theirs from. */
function scramUser() {
  const username = process.env.KAFKA_SASL_USERNAME;
  const password = process.env.KAFKA_SASL_PASSWORD;
  if (!username || !password) throw new Error('a SASL listener needs its user: set KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD');
  // The storage tool reads `name=...,password=...` inside brackets, with no escaping.
  if (/[\s,=[\]"]/.test(username + password)) throw new Error('KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD may not contain spaces, commas, "=", brackets or quotes here');
  return { username, password };
}

/**
 * The listener clients authenticate on: SASL_PLAINTEXT with SCRAM-SHA-512, beside the plaintext one (which the
 * broker's own controller traffic and this tool's readiness check use, on loopback). Opt-in, so the broker of
 * `npm start` and of docker-compose.yml stays the one broker.cjs describes.
 */
function saslSettings() {
  return [
    `listener.security.protocol.map=${BROKER_SETTINGS['listener.security.protocol.map']},SASL_PLAINTEXT:SASL_PLAINTEXT`,
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
  ];
}

const say = (options, text) => options.quiet || process.stdout.write(`${text}\n`);

/** Copies the broker's jars from Maven Central (through the local Maven repository) once. */
export async function ensureJars(options = {}) {
  const marker = path.join(libDir, '.complete');
  if (existsSync(marker)) return libDir;
  say(options, `fetching Kafka ${KAFKA_VERSION} from Maven Central...`);
  mkdirSync(libDir, { recursive: true });
  execFileSync(
    'mvn',
    ['-q', '-B', '-f', path.join(here, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${libDir}`, '-DincludeScope=runtime'],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  writeFileSync(marker, new Date().toISOString());
  return libDir;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPid(pidFile) {
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

/** Ready means a client can fetch cluster metadata and list topics, not that a port is open. */
async function answers(brokers, timeoutMs = 3000) {
  const admin = new Kafka({ clientId: 'herald-kafka-tool', brokers: [brokers], logLevel: logLevel.NOTHING, connectionTimeout: timeoutMs, retry: { retries: 0 } }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function writeConfig(s) {
  const serverProperties = path.join(s.dataDir, 'server.properties');
  writeFileSync(
    serverProperties,
    [
      // Where this broker runs; what it is comes from broker.cjs, as docker-compose.yml's does.
      `controller.quorum.voters=1@127.0.0.1:${s.controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${s.port},CONTROLLER://127.0.0.1:${s.controllerPort}${s.sasl ? `,SASL_PLAINTEXT://127.0.0.1:${s.sasl.port}` : ''}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${s.port}${s.sasl ? `,SASL_PLAINTEXT://127.0.0.1:${s.sasl.port}` : ''}`,
      `log.dirs=${path.join(s.dataDir, 'logs')}`,
      ...Object.entries(BROKER_SETTINGS)
        .filter(([name]) => !(s.sasl && name === 'listener.security.protocol.map'))
        .map(([name, value]) => `${name}=${value}`),
      ...(s.sasl ? saslSettings() : []),
      '',
    ].join('\n'),
  );
  const log4j = path.join(s.dataDir, 'log4j.properties');
  writeFileSync(
    log4j,
    [
      'log4j.rootLogger=INFO, file',
      'log4j.appender.file=org.apache.log4j.RollingFileAppender',
      `log4j.appender.file.File=${path.join(s.dataDir, 'server.log')}`,
      'log4j.appender.file.MaxFileSize=20MB',
      'log4j.appender.file.MaxBackupIndex=2',
      'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
      'log4j.logger.kafka=INFO',
      'log4j.logger.org.apache.kafka=INFO',
      '',
    ].join('\n'),
  );
  return { serverProperties, log4j };
}

function tail(file, lines = 30) {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/** Starts the broker in the background (or finds it running) and resolves once clients can use it. */
export async function startKafka(options = {}) {
  const s = settings(options);
  if (s.saslPort) s.sasl = { port: s.saslPort, ...scramUser() };
  const running = readPid(s.pidFile);
  if (running && (await answers(s.brokers))) {
    say(options, `Kafka is already running on ${s.brokers} (pid ${running})`);
    return { brokers: s.brokers, pid: running, dataDir: s.dataDir };
  }
  if (running) await stopKafka(options);
  if (options.fresh) rmSync(s.dataDir, { recursive: true, force: true });
  const lib = await ensureJars(options);
  mkdirSync(s.dataDir, { recursive: true });
  const { serverProperties, log4j } = writeConfig(s);
  const classpath = `${lib}${path.sep}*`;
  const logging = `-Dlog4j.configuration=file:${log4j}`;
  if (!existsSync(path.join(s.dataDir, 'logs', 'meta.properties'))) {
    const clusterId = randomBytes(16).toString('base64url').slice(0, 22);
    // One id in 64 starts with '-': given as its own argument, the storage tool would take it for an option.
    // SCRAM credentials are metadata records: KRaft writes them when it formats the storage (the tool takes them
    // only as arguments, for the second it runs).
    const scram = s.sasl ? ['--add-scram', `SCRAM-SHA-512=[name=${s.sasl.username},password=${s.sasl.password}]`] : [];
    execFileSync(java, ['-cp', classpath, logging, 'kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId}`, '-c', serverProperties, '--ignore-formatted', ...scram], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  const out = openSync(path.join(s.dataDir, 'stdout.log'), 'a');
  const child = spawn(
    java,
    [...s.heap.split(/\s+/).filter(Boolean), '-XX:+UseG1GC', '-Djava.awt.headless=true', logging, '-cp', classpath, 'kafka.Kafka', serverProperties],
    { detached: true, stdio: ['ignore', out, out] },
  );
  child.unref();
  writeFileSync(s.pidFile, String(child.pid));
  say(options, `starting Kafka ${KAFKA_VERSION} on ${s.brokers}...`);
  const started = Date.now();
  const deadline = started + Number(options.timeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    if (!isAlive(child.pid)) {
      throw new Error(`Kafka exited during start-up:\n${tail(path.join(s.dataDir, 'stdout.log'))}\n${tail(path.join(s.dataDir, 'server.log'))}`);
    }
    if (await answers(s.brokers, 1000)) {
      say(options, `Kafka is ready on ${s.brokers} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      return { brokers: s.brokers, pid: child.pid, dataDir: s.dataDir };
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await stopKafka(options);
  throw new Error(`Kafka did not become ready on ${s.brokers}:\n${tail(path.join(s.dataDir, 'server.log'))}`);
}

/** Stops the broker: SIGTERM (a clean shutdown), SIGKILL after 30 s. */
export async function stopKafka(options = {}) {
  const s = settings(options);
  const pid = readPid(s.pidFile);
  if (!pid) {
    rmSync(s.pidFile, { force: true });
    say(options, 'Kafka is not running');
    return;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 100));
  rmSync(s.pidFile, { force: true });
  say(options, `Kafka on ${s.brokers} stopped`);
}

export async function kafkaStatus(options = {}) {
  const s = settings(options);
  const pid = readPid(s.pidFile);
  return { running: Boolean(pid) && (await answers(s.brokers)), pid, brokers: s.brokers, dataDir: s.dataDir };
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--fresh') options.fresh = true;
    else if (arg === '--quiet') options.quiet = true;
    else if (arg === '--port') options.port = argv[++i];
    else if (arg === '--controller-port') options.controllerPort = argv[++i];
    else if (arg === '--data-dir') options.dataDir = argv[++i];
    else if (arg === '--heap') options.heap = argv[++i];
    else if (arg === '--sasl-port') options.saslPort = argv[++i];
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, ...rest] = process.argv.slice(2);
  const run = async () => {
    const options = parseArgs(rest);
    switch (command) {
      case 'start':
        await startKafka(options);
        break;
      case 'stop':
        await stopKafka(options);
        break;
      case 'fetch':
        say(options, `Kafka jars in ${await ensureJars(options)}`);
        break;
      case 'status': {
        const status = await kafkaStatus(options);
        say(options, status.running ? `Kafka is running on ${status.brokers} (pid ${status.pid})` : `Kafka is not running on ${status.brokers}`);
        process.exitCode = status.running ? 0 : 3;
        break;
      }
      default:
        process.stderr.write('usage: node tools/kafka/kafka.mjs start|stop|status|fetch [--port N] [--controller-port N] [--data-dir DIR] [--fresh] [--sasl-port N]\n');
        process.exitCode = 2;
    }
  };
  run().catch((error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}
