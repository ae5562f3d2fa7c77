import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { workspaceRoot } from './service-process';

const run = promisify(execFile);

/** The broker the jest global setup started, stopped and started again on the same port and data. */
async function kafkaTool(command: 'stop' | 'start'): Promise<void> {
  const broker = process.env.HERALD_TEST_KAFKA;
  if (!broker) throw new Error('no test broker to control: the jest global setup starts one when KAFKA_BROKERS is not set');
  const { port, controllerPort, dataDir } = JSON.parse(broker) as { port: number; controllerPort: number; dataDir: string };
  await run(
    process.execPath,
    [path.join(workspaceRoot, 'tools/kafka/kafka.mjs'), command, '--port', String(port), '--controller-port', String(controllerPort), '--data-dir', dataDir, '--quiet'],
    { timeout: 120_000 },
  );
}

/** A clean broker shutdown (SIGTERM), as an operator or an orchestrator does it. */
export const stopBroker = () => kafkaTool('stop');
export const startBroker = () => kafkaTool('start');
