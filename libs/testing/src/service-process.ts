import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createServer } from 'node:net';

/** The directory holding nx.json: this file runs from libs/testing/src under jest, and from dist/ in benchmarks. */
export const workspaceRoot = ((): string => {
  let directory = __dirname;
  while (!existsSync(path.join(directory, 'nx.json')) && path.dirname(directory) !== directory) directory = path.dirname(directory);
  return directory;
})();

export type HeraldApp = 'ingress' | 'ledger' | 'notifier' | 'policy' | 'template' | 'dispatcher' | 'whatsapp-sandbox';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * One Herald service running as its own process from the built dist/, as in production: tests that cross
 * process boundaries (and later kill them) use these.
 */
export class ServiceProcess {
  /** The running process, for its pid (benchmarks sample its memory). */
  child?: ChildProcess;
  readonly output: string[] = [];

  constructor(
    readonly app: HeraldApp,
    readonly port: number,
    readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(readyTimeoutMs = 60_000): Promise<this> {
    this.child = spawn(process.execPath, [path.join(workspaceRoot, `dist/apps/${this.app}/src/main.js`)], {
      env: {
        ...serviceEnvironment({ ...process.env, ...this.env }),
        PORT: String(this.port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // TEST_SERVICE_LOGS=1 shows every service's log while the tests run, to find out why one failed.
    const echo = process.env.TEST_SERVICE_LOGS === '1';
    const keep = (chunk: Buffer) => {
      if (echo) process.stderr.write(`[${this.app}] ${chunk.toString('utf8')}`);
      this.output.push(chunk.toString('utf8'));
      if (this.output.length > 2_000) this.output.shift();
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    const deadline = Date.now() + readyTimeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) {
        throw new Error(`${this.app} exited with ${this.child.exitCode}:\n${this.output.join('')}`);
      }
      const ready = await fetch(`${this.url}/health/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return this;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.app} was not ready within ${readyTimeoutMs} ms:\n${this.output.join('')}`);
  }

  /** SIGTERM, as an orchestrator stops a service; SIGKILL if it does not stop in time. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * How every service runs wherever it is started (the image, `npm start`, here): tools/dev/service-runtime.cjs, which
 * `npm start` loads too (service-process.spec.ts holds the Dockerfile to it).
 */
const runtime = createRequire(__filename)(path.join(workspaceRoot, 'tools/dev/service-runtime.cjs')) as {
  SERVICE_RUNTIME: Record<string, string>;
  serviceEnvironment(given: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
};

export const serviceRuntime = runtime.SERVICE_RUNTIME;
export const serviceEnvironment = runtime.serviceEnvironment;
