import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEVELOPMENT_SETTINGS } from '@herald/config';
import { conversationKey, envelope, Topics } from '@herald/contracts';
import { withDatabase } from './database';
import { freePort, HeraldApp, ServiceProcess, workspaceRoot } from './service-process';

export interface Platform {
  services: Record<HeraldApp, ServiceProcess>;
  ingressUrl: string;
  sandboxUrl: string;
  apiKey: string;
  /** The seeded demo team and its WhatsApp channel (pointing at the sandbox). */
  teamUuid: string;
  channelUuid: string;
  appSecret: string;
  /** What a call to an internal API carries: policy, template, dispatcher, and the sandbox's `/_sandbox/*`. */
  internalHeaders: { authorization: string };
  stop(): Promise<void>;
}

/**
 * The whole platform on free ports against the test broker and database that the jest global setup prepared:
 * sandbox, ingress, policy, template and dispatcher, and the demo team, key and channel seeded. In development
 * mode, as the jest global setup sets it: the internal API token is the development one.
 */
export async function startPlatform(
  options: {
    /** For every service (NODE_OPTIONS for a profiler, LOG_LEVEL...). */
    env?: Record<string, string>;
    sandboxEnv?: Record<string, string>;
    ingressEnv?: Record<string, string>;
    dispatcherEnv?: Record<string, string>;
    notifierEnv?: Record<string, string>;
    policyEnv?: Record<string, string>;
  } = {},
): Promise<Platform> {
  const appSecret = 'test-app-secret-0123456789';
  const verifyToken = 'test-verify-token';
  const [ingressPort, sandboxPort, policyPort, templatePort, dispatcherPort, ledgerPort, notifierPort] = await Promise.all(
    Array.from({ length: 7 }, () => freePort()),
  );
  const common = { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn', ...options.env };
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const ingressUrl = `http://127.0.0.1:${ingressPort}`;
  const seedEnv = { ...process.env, ...common, WHATSAPP_APP_SECRET: appSecret, WHATSAPP_VERIFY_TOKEN: verifyToken };
  // Not execFileSync: the test process may itself stand between the services and the database (TcpProxy).
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/seed-demo.js')], {
    env: seedEnv,
    encoding: 'utf8',
  });
  const seeded = JSON.parse(stdout.trim()) as { apiKey: string; teamUuid: string; channelUuid: string };

  const services: Record<HeraldApp, ServiceProcess> = {
    'whatsapp-sandbox': new ServiceProcess('whatsapp-sandbox', sandboxPort, {
      ...common,
      WHATSAPP_APP_SECRET: appSecret,
      WEBHOOK_URL: `${ingressUrl}/webhooks/whatsapp`,
      ...options.sandboxEnv,
    }),
    ingress: new ServiceProcess('ingress', ingressPort, {
      ...common,
      WHATSAPP_APP_SECRET: appSecret,
      WHATSAPP_VERIFY_TOKEN: verifyToken,
      POLICY_URL: `http://127.0.0.1:${policyPort}`,
      TEMPLATE_URL: `http://127.0.0.1:${templatePort}`,
      DISPATCHER_URL: `http://127.0.0.1:${dispatcherPort}`,
      ...options.ingressEnv,
    }),
    ledger: new ServiceProcess('ledger', ledgerPort, common),
    // The tests' receivers listen on 127.0.0.1, over plain http.
    notifier: new ServiceProcess('notifier', notifierPort, { ...common, WEBHOOK_ALLOW_PRIVATE: 'true', ...options.notifierEnv }),
    policy: new ServiceProcess('policy', policyPort, { ...common, ...options.policyEnv }),
    template: new ServiceProcess('template', templatePort, { ...common, WHATSAPP_API_URL: sandboxUrl }),
    // The specs' media links (example.com) lead nowhere the tests can reach: they go to the sandbox as links, unless a
    // spec uploads them (media-links); the files it serves are on 127.0.0.1.
    dispatcher: new ServiceProcess('dispatcher', dispatcherPort, {
      ...common,
      WHATSAPP_API_URL: sandboxUrl,
      MEDIA_UPLOAD_LINKS: 'false',
      MEDIA_FETCH_ALLOW_PRIVATE: 'true',
      ...options.dispatcherEnv,
    }),
  };
  const all = Object.values(services);
  try {
    await Promise.all(all.map((service) => service.start()));
    await everyReplicaKnows(seeded.channelUuid);
  } catch (error) {
    await Promise.all(all.map((service) => service.stop('SIGKILL')));
    throw error;
  }
  return {
    services,
    ingressUrl,
    sandboxUrl,
    apiKey: seeded.apiKey,
    teamUuid: seeded.teamUuid,
    channelUuid: seeded.channelUuid,
    appSecret,
    internalHeaders: { authorization: `Bearer ${DEVELOPMENT_SETTINGS.INTERNAL_API_TOKEN}` },
    stop: async () => {
      await Promise.all(all.map((service) => service.stop()));
    },
  };
}

/** Polls `probe` until it returns a value that is not undefined, or fails with the last value seen. */
/**
 * Resolves once every service's copy of the channels holds this one. Each service reads `channel.configured` beside
 * its other topics, so on a fresh broker a customer's message can be read before the channel it was written to, and
 * is passed over as written to an unknown number; a spec's first messages wait for the platform to know its channel.
 */
async function everyReplicaKnows(channelUuid: string): Promise<void> {
  const replicas = ['ledger', 'notifier', 'policy', 'template', 'dispatcher'].map((schema) => `SELECT 1 FROM ${schema}.channels WHERE uuid = $1`);
  await withDatabase((database) =>
    eventually(async () => {
      for (const replica of replicas) if (!(await database.query(replica, [channelUuid])).rowCount) return undefined;
      return true;
    }, 60_000),
  );
}

export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * A `message.requested` event for the demo channel, as an upstream service would publish it straight to Kafka,
 * with its key; a new message uuid unless one is given.
 */
export function upstreamRequest(
  platform: Platform,
  request: { to: string } & Record<string, unknown>,
  messageUuid = randomUUID().replace(/-/g, ''),
): { messageUuid: string; key: string; value: string } {
  const event = envelope(Topics.MessageRequested, {
    messageUuid,
    teamUuid: platform.teamUuid,
    channelUuid: platform.channelUuid,
    to: request.to,
    request,
    acceptedAt: new Date().toISOString(),
  });
  return { messageUuid, key: conversationKey(platform.channelUuid, request.to), value: JSON.stringify(event) };
}
