import { templateUuidFor } from '@herald/contracts';
import {
  DeliveryReceiver,
  eventually,
  freePort,
  HeraldApp,
  Platform,
  ServiceProcess,
  startBroker,
  startDeliveryReceiver,
  startPlatform,
  stopBroker,
  TcpProxy,
} from '@herald/testing';
import { Client } from 'pg';

/**
 * While a steady stream of messages flows end to end, every part of the platform is broken in turn; afterwards
 * every message answered 200 must have been sent to WhatsApp exactly once and have reached its final status, every
 * request made while the broker was down must have been answered 200, and nothing may have been sent that the
 * ingress did not accept or answered with a 5xx. FAULTS_ROUNDS repeats the faults (the heavier
 * variant); FAULTS_RATE sets the stream's messages per second.
 */
const rounds = Number(process.env.FAULTS_ROUNDS ?? 1);
const rate = Number(process.env.FAULTS_RATE ?? 15);
const greeting = templateUuidFor('100000000000001', 'greeting', 'en_US');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Attempt {
  /** The message's text, of this request alone. */
  text: string;
  startedAt: number;
  endedAt?: number;
  status?: number;
  uuid?: string;
  error?: string;
  /** Times a keyed request was sent again after an answer other than 200. */
  retries?: number;
}

/** Sends a template message every 1/rate s to a pool of recipients (so contacts get several, in order). */
class Stream {
  readonly attempts: Attempt[] = [];
  private running = false;
  private readonly inFlight = new Set<Promise<void>>();
  private loop: Promise<void> | undefined;

  constructor(private readonly platform: Platform) {}

  start(): void {
    this.running = true;
    this.loop = (async () => {
      for (let n = 0; this.running; n += 1) {
        const attempt: Attempt = { text: `n${n}`, startedAt: Date.now() };
        this.attempts.push(attempt);
        const request = this.send(attempt, `+1555060${String(n % 40).padStart(4, '0')}`, n).finally(() => this.inFlight.delete(request));
        this.inFlight.add(request);
        await sleep(1_000 / rate);
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await Promise.all([...this.inFlight]);
  }

  accepted(): string[] {
    return this.attempts.filter((attempt) => attempt.status === 200 && attempt.uuid).map((attempt) => attempt.uuid as string);
  }

  /**
   * Every third request carries an Idempotency-Key and, like a careful client, is retried with it until it is
   * answered 200 (for a minute at most); the others are sent once.
   */
  private async send(attempt: Attempt, to: string, n: number): Promise<void> {
    const key = n % 3 === 0 ? { 'idempotency-key': `faults-${n}` } : undefined;
    const giveUpAt = Date.now() + 60_000;
    for (;;) {
      try {
        const response = await fetch(`${this.platform.ingressUrl}/messages/send`, {
          method: 'POST',
          headers: { authorization: `Bearer ${this.platform.apiKey}`, 'content-type': 'application/json', ...key },
          body: JSON.stringify({ to, from: 'whatsapp', type: 'text', template_uuid: greeting, optin_contact: true, content: { text: `n${n}` } }),
          signal: AbortSignal.timeout(20_000),
        });
        attempt.status = response.status;
        attempt.error = undefined;
        if (response.status === 200) attempt.uuid = ((await response.json()) as { message: { uuid: string } }).message.uuid;
        else await response.arrayBuffer();
      } catch (error) {
        attempt.status = undefined;
        attempt.error = (error as Error).message;
      }
      attempt.endedAt = Date.now();
      if (!key || attempt.status === 200 || Date.now() > giveUpAt) return;
      attempt.retries = (attempt.retries ?? 0) + 1;
      await sleep(1_000);
    }
  }
}

describe('faults: nothing lost, nothing sent twice, when parts of the platform die', () => {
  let platform: Platform;
  let proxy: TcpProxy;
  let database: Client;
  let stream: Stream;
  /** The team's own system, subscribed to every status: the notifier dies and restarts with the rest. */
  let statuses: DeliveryReceiver;
  const faults: string[] = [];
  const started = Date.now();
  const note = (fault: string) => faults.push(`${((Date.now() - started) / 1000).toFixed(1)} s: ${fault}`);
  /** When the broker was down: requests made inside these windows must all have been accepted. */
  const brokerDown: Array<[number, number]> = [];

  beforeAll(async () => {
    const direct = new URL(process.env.DATABASE_URL ?? '');
    proxy = await TcpProxy.start({ host: direct.hostname, port: Number(direct.port || 5432) });
    database = new Client({ connectionString: process.env.DATABASE_URL });
    await database.connect();
    platform = await startPlatform({
      // Every service reaches the database through the proxy, so the test can cut them off from it.
      env: { DATABASE_URL: proxy.via(direct.toString()), WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_RETRY_BASE_MS: '200', WEBHOOK_RETRY_MAX_MS: '2000' },
      // Webhooks keep being retried for longer than any service stays down.
      sandboxEnv: { SANDBOX_WEBHOOK_RETRY_DELAYS_MS: '500,1000,2000,4000,8000,8000,8000,8000' },
      dispatcherEnv: {
        DISPATCH_MAX_ATTEMPTS: '20',
        DISPATCH_RETRY_BASE_MS: '100',
        DISPATCH_RETRY_MAX_MS: '1000',
        DISPATCH_THROTTLE_PAUSE_MS: '200',
        DISPATCH_RECONCILE_WINDOW_MS: '5000',
        DISPATCH_CLAIM_LEASE_MS: '3000',
        WHATSAPP_REQUEST_TIMEOUT_MS: '2000',
      },
    });
    statuses = await startDeliveryReceiver();
    const endpoint = await fetch(`${platform.ingressUrl}/webhooks/endpoints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: statuses.url, events: ['message.status_changed'] }),
    });
    expect(endpoint.status).toBe(201);
    stream = new Stream(platform);
  });

  afterAll(async () => {
    await statuses?.close();
    await stream?.stop();
    await platform?.stop();
    await database?.end();
    await proxy?.close();
  });

  const ready = async (service: ServiceProcess) =>
    fetch(`${service.url}/health/ready`, { signal: AbortSignal.timeout(5_000) }).then(
      (response) => response.status,
      () => 0,
    );
  const sandboxFault = (rule: Record<string, unknown>) =>
    fetch(`${platform.sandboxUrl}/_sandbox/faults`, { method: 'POST', headers: { ...platform.internalHeaders, 'content-type': 'application/json' }, body: JSON.stringify(rule) });
  const clearSandboxFaults = () => fetch(`${platform.sandboxUrl}/_sandbox/faults`, { method: 'DELETE', headers: platform.internalHeaders });

  async function killAndRestart(app: HeraldApp, signal: NodeJS.Signals): Promise<void> {
    note(`${signal} ${app}`);
    const service = platform.services[app];
    await service.stop(signal);
    await sleep(1_000);
    await service.start();
    await sleep(2_000);
  }

  it('delivers every accepted message exactly once through service crashes, restarts, outages and WhatsApp failures', async () => {
    stream.start();
    await sleep(3_000);
    const apps: HeraldApp[] = ['ingress', 'ledger', 'notifier', 'policy', 'template', 'dispatcher'];
    for (let round = 1; round <= rounds; round += 1) {
      for (const app of apps) await killAndRestart(app, 'SIGKILL');
      // A rolling restart, as a deploy does it: each service finishes its work, commits, and comes back.
      for (const app of apps) await killAndRestart(app, 'SIGTERM');

      note('Kafka broker stopped and started');
      await stopBroker();
      const downFrom = Date.now();
      // Readiness follows the broker for the services that need it to work; the ingress accepts on (the outbox).
      await eventually(async () => ((await ready(platform.services.policy)) === 503 ? true : undefined), 30_000, 200);
      await sleep(3_000);
      brokerDown.push([downFrom, Date.now()]);
      await startBroker();
      await eventually(async () => ((await ready(platform.services.policy)) === 200 ? true : undefined), 60_000, 200);
      await sleep(3_000);

      note('database connections cut');
      proxy.cut();
      await eventually(async () => ((await ready(platform.services.template)) === 503 ? true : undefined), 30_000, 200);
      await sleep(3_000);
      proxy.restore();
      await eventually(async () => ((await ready(platform.services.template)) === 200 ? true : undefined), 30_000, 200);
      await sleep(2_000);

      for (const rule of [
        { error: { http_status: 500 } },
        { error: { http_status: 503, code: 131016 } },
        { connection: 'timeout', hold_ms: 3_000 },
        { connection: 'timeout', hold_ms: 3_000, accept_first: true },
        { connection: 'close' },
        { connection: 'close', accept_first: true },
        { rate_limit_per_second: 3 },
      ]) {
        note(`WhatsApp: ${JSON.stringify(rule)}`);
        await sandboxFault(rule);
        await sleep(2_500);
        await clearSandboxFaults();
      }

      note('second dispatcher replica started, the first killed during the rebalance');
      const replica = new ServiceProcess('dispatcher', await freePort(), platform.services.dispatcher.env);
      await replica.start();
      await platform.services.dispatcher.stop('SIGKILL');
      await sleep(3_000);
      await platform.services.dispatcher.start();
      await sleep(2_000);
      await replica.stop();
      await sleep(2_000);
    }
    await stream.stop();

    const accepted = stream.accepted();
    // Every accepted message reaches its final status (read: the sandbox reports read for every send).
    const settled = await eventually(
      async () => {
        const { rows } = await database.query<{ uuid: string; status: string }>(`SELECT uuid, status FROM ledger.messages WHERE uuid = ANY($1)`, [accepted]);
        return rows.length === accepted.length && rows.every((row) => row.status === 'read') ? rows : undefined;
      },
      180_000,
      1_000,
    ).catch(async () => {
      const { rows } = await database.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM ledger.messages WHERE uuid = ANY($1) GROUP BY status`,
        [accepted],
      );
      // Where the others stopped: decided by the policy, queued in the dispatcher (and its state), received by WhatsApp.
      const { rows: stages } = await database.query<{ decided: boolean; dispatch: string | null; n: number }>(
        `SELECT d.message_uuid IS NOT NULL AS decided, q.state AS dispatch, count(*)::int AS n
           FROM ledger.messages m
           LEFT JOIN policy.decisions d ON d.message_uuid = m.uuid
           LEFT JOIN dispatcher.dispatches q ON q.message_uuid = m.uuid
          WHERE m.uuid = ANY($1) AND m.status <> 'read'
          GROUP BY 1, 2`,
        [accepted],
      );
      const receipts = (await (await fetch(`${platform.sandboxUrl}/_sandbox/receipts`, { headers: platform.internalHeaders })).json()) as { data: Array<{ bizOpaqueCallbackData?: string }> };
      const received = new Set(receipts.data.map((receipt) => receipt.bizOpaqueCallbackData));
      const { rows: unread } = await database.query<{ uuid: string }>(`SELECT uuid FROM ledger.messages WHERE uuid = ANY($1) AND status <> 'read'`, [accepted]);
      throw new Error(
        `not every accepted message reached read: ${JSON.stringify(rows)} of ${accepted.length}; those not read, by stage: ` +
          `${JSON.stringify(stages)}, ${unread.filter((row) => received.has(row.uuid)).length} of them received by WhatsApp; faults: ${faults.join('; ')}`,
      );
    });
    expect(settled).toHaveLength(accepted.length);

    const { data: sends } = (await (await fetch(`${platform.sandboxUrl}/_sandbox/messages`, { headers: platform.internalHeaders })).json()) as {
      data: Array<{ receivedAt: string; headers: Record<string, string>; body: { biz_opaque_callback_data?: string } }>;
    };
    const sentCount = new Map<string, number>();
    for (const send of sends) {
      const uuid = send.body.biz_opaque_callback_data ?? '';
      sentCount.set(uuid, (sentCount.get(uuid) ?? 0) + 1);
    }
    const lost = accepted.filter((uuid) => !sentCount.has(uuid));
    const duplicated = [...sentCount].filter(([, count]) => count > 1).map(([uuid]) => uuid);
    // Every request has a text of its own: one sent under two uuids is a retry that sent its message twice.
    const { rows: texts } = await database.query<{ uuid: string; text: string }>(
      `SELECT uuid, request->'content'->>'text' AS text FROM ledger.messages WHERE uuid = ANY($1)`,
      [[...sentCount.keys()]],
    );
    const uuidsPerText = new Map<string, number>();
    for (const row of texts) uuidsPerText.set(row.text, (uuidsPerText.get(row.text) ?? 0) + 1);
    const sentUnderTwoUuids = [...uuidsPerText].filter(([, count]) => count > 1).map(([text]) => text);
    // Nothing sent that the ingress did not accept: every send names a message of the ledger.
    const { rows: known } = await database.query<{ uuid: string }>(`SELECT uuid FROM ledger.messages WHERE uuid = ANY($1)`, [[...sentCount.keys()]]);
    const unknown = [...sentCount.keys()].filter((uuid) => !known.some((row) => row.uuid === uuid));
    // A request made while the broker was down is answered 200, without waiting for it (and, above, sent once it is back).
    const madeWhileDown = stream.attempts.filter((attempt) => brokerDown.some(([from, to]) => attempt.startedAt >= from && attempt.startedAt <= to));
    const refusedWhileDown = madeWhileDown.filter((attempt) => attempt.status !== 200).map((attempt) => `${attempt.text}: ${attempt.status ?? attempt.error}`);
    const answeredWhileDown = madeWhileDown.filter((attempt) => brokerDown.some(([from, to]) => attempt.startedAt >= from && (attempt.endedAt ?? Infinity) <= to));
    // A request answered with a 5xx (its last answer, for a keyed one) is never sent.
    const refusedTexts = new Set(stream.attempts.filter((attempt) => (attempt.status ?? 0) >= 500).map((attempt) => attempt.text));
    const sentThough5xx = texts.filter((row) => refusedTexts.has(row.text)).map((row) => row.uuid);
    const unanswered = stream.attempts.filter((attempt) => attempt.status !== 200).length;
    const retried = stream.attempts.filter((attempt) => attempt.retries).length;
    for (const uuid of duplicated.slice(0, 5)) {
      const { rows } = await database.query(`SELECT state, attempts, throttled_retries, created_at, updated_at FROM dispatcher.dispatches WHERE message_uuid = $1`, [uuid]);
      const times = sends
        .filter((send) => send.body.biz_opaque_callback_data === uuid)
        .map((send) => `${((Date.parse(send.receivedAt) - started) / 1000).toFixed(1)} s by ${send.headers['user-agent']}`);
      process.stdout.write(`sent twice: ${uuid} at ${times.join(', ')}; dispatch ${JSON.stringify(rows[0])}\n`);
    }
    process.stdout.write(
      `\nfaults: ${stream.attempts.length} requests, ${accepted.length} accepted and sent, ${unanswered} refused or unanswered, ` +
        `${retried} retried with their key; ${faults.length} faults injected; lost ${lost.length}, duplicated ${duplicated.length}, ` +
        `sent under two uuids ${sentUnderTwoUuids.length}, sent unaccepted ${unknown.length}, ` +
        `made while the broker was down ${madeWhileDown.length} (answered before it was back ${answeredWhileDown.length}, refused ${refusedWhileDown.length}), sent though answered 5xx ${sentThough5xx.length}\n${faults.map((fault) => `  - ${fault}`).join('\n')}\n`,
    );
    // Every accepted message's read status reached the team's endpoint, whatever died on the way (at least once).
    const webhooksMissing = await eventually(
      async () => {
        const read = new Set(statuses.received.filter((delivery) => delivery.payload.data.status === 'read').map((delivery) => delivery.payload.data.messageUuid));
        const missing = accepted.filter((uuid) => !read.has(uuid));
        return missing.length === 0 ? missing : undefined;
      },
      60_000,
      500,
    ).catch(() => {
      const read = new Set(statuses.received.filter((delivery) => delivery.payload.data.status === 'read').map((delivery) => delivery.payload.data.messageUuid));
      return accepted.filter((uuid) => !read.has(uuid));
    });
    process.stdout.write(`webhooks: ${statuses.received.length} delivered, ${webhooksMissing.length} accepted messages' read status missing\n`);
    expect(accepted.length).toBeGreaterThan(100);
    expect(answeredWhileDown.length).toBeGreaterThan(0);
    expect(webhooksMissing).toEqual([]);
    expect({ lost, duplicated, sentUnderTwoUuids, unknown, refusedWhileDown, sentThough5xx }).toEqual({
      lost: [],
      duplicated: [],
      sentUnderTwoUuids: [],
      unknown: [],
      refusedWhileDown: [],
      sentThough5xx: [],
    });
  });
});
