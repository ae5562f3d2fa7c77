import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, workspaceRoot } from './service-process';

const run = promisify(execFile);
const kafkaTool = path.join(workspaceRoot, 'tools/kafka/kafka.mjs');

/** The broker the jest global setup started, stopped and started again on the same port and data. */
async function testBrokerTool(command: 'stop' | 'start'): Promise<void> {
  const broker = process.env.HERALD_TEST_KAFKA;
  if (!broker) throw new Error('no test broker to control: the jest global setup starts one when KAFKA_BROKERS is not set');
  const { port, controllerPort, dataDir } = JSON.parse(broker) as { port: number; controllerPort: number; dataDir: string };
  await run(
    process.execPath,
    [kafkaTool, command, '--port', String(port), '--controller-port', String(controllerPort), '--data-dir', dataDir, '--quiet'],
    { timeout: 120_000 },
  );
}

/** A clean broker shutdown (SIGTERM), as an operator or an orchestrator does it. */
export const stopBroker = () => testBrokerTool('stop');
export const startBroker = () => testBrokerTool('start');

export interface OwnBroker {
  /** The plaintext listener, `127.0.0.1:<port>`. */
  brokers: string;
  /** The SASL_PLAINTEXT (SCRAM-SHA-512) listener, when one was asked for. */
  saslBrokers?: string;
  stop(): Promise<void>;
}

/**
 * A broker of the test's own, empty, on free ports (tools/kafka), for what the shared test broker cannot show: a
 * broker without Herald's topics, or one with a SASL listener and the SCRAM credentials of `sasl`.
 */
export async function startOwnBroker(options: { sasl?: { username: string; password: string } } = {}): Promise<OwnBroker> {
  const [port, controllerPort, saslPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'herald-kafka-own-'));
  const where = ['--port', String(port), '--controller-port', String(controllerPort), '--data-dir', dataDir, '--quiet'];
  const sasl = options.sasl ? ['--sasl-port', String(saslPort)] : [];
  // The credentials travel in the environment, as tools/kafka reads them, not in arguments `ps` shows.
  const credentials = options.sasl ? { KAFKA_SASL_USERNAME: options.sasl.username, KAFKA_SASL_PASSWORD: options.sasl.password } : {};
  try {
    await run(process.execPath, [kafkaTool, 'start', ...where, '--fresh', ...sasl], {
      timeout: 120_000,
      env: { ...process.env, ...credentials },
    });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    brokers: `127.0.0.1:${port}`,
    saslBrokers: options.sasl ? `127.0.0.1:${saslPort}` : undefined,
    stop: async () => {
      await run(process.execPath, [kafkaTool, 'stop', ...where], { timeout: 60_000 });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
