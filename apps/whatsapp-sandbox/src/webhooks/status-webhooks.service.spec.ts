import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { isValidWebhookSignature } from '@herald/whatsapp';
import { startWebhookReceiver, type ReceiverAnswer, type WebhookReceiver } from '../../test/webhook-receiver';
import { SandboxConfig } from '../config/sandbox.config';
import { StatusWebhooksService, type AcceptedMessage } from './status-webhooks.service';
import { WebhookDeliveryLog } from './webhook-delivery.log';

const APP_SECRET = 'test-app-secret';

function serviceFor(webhookUrl: string, overrides: Partial<SandboxConfig> = {}) {
  const config = Object.assign(new SandboxConfig(), {
    WHATSAPP_APP_SECRET: APP_SECRET,
    WEBHOOK_URL: webhookUrl,
    SANDBOX_WEBHOOK_DELAYS_MS: [10, 20, 30],
    SANDBOX_WEBHOOK_RETRY_DELAYS_MS: [20, 20],
    SANDBOX_WEBHOOK_TIMEOUT_MS: 1_000,
    ...overrides,
  });
  const log = new WebhookDeliveryLog();
  return { service: new StatusWebhooksService(config, log), log };
}

function message(wamid: string, extra: Partial<AcceptedMessage> = {}): AcceptedMessage {
  return {
    wamid,
    phoneNumberId: '100000000000002',
    recipientWaId: '15550001111',
    bizOpaqueCallbackData: `callback-of-${wamid}`,
    category: 'service',
    acceptedAt: new Date(),
    ...extra,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('StatusWebhooksService', () => {
  let receiver: WebhookReceiver | undefined;
  let service: StatusWebhooksService | undefined;

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(true));

  async function start(answer?: ReceiverAnswer, overrides?: Partial<SandboxConfig>) {
    receiver = await startWebhookReceiver(answer);
    const created = serviceFor(receiver.url, overrides);
    service = created.service;
    return { receiver, service, log: created.log };
  }

  afterEach(async () => {
    service?.onApplicationShutdown();
    await receiver?.close();
    receiver = undefined;
    service = undefined;
  });

  it('posts sent, delivered and read in order, signed, no earlier than their delays', async () => {
    const { receiver, service, log } = await start(undefined, { SANDBOX_WEBHOOK_DELAYS_MS: [30, 60, 90] });
    const accepted = message('wamid.A');
    service.schedule(accepted);
    const webhooks = await receiver.waitFor(3);

    expect(webhooks.map((webhook) => webhook.status.status)).toEqual(['sent', 'delivered', 'read']);
    for (const webhook of webhooks) {
      expect(webhook.status.id).toBe('wamid.A');
      expect(webhook.status.biz_opaque_callback_data).toBe('callback-of-wamid.A');
      expect(webhook.headers['content-type']).toBe('application/json');
      expect(
        isValidWebhookSignature(
          APP_SECRET,
          webhook.rawBody,
          webhook.headers['x-hub-signature-256'] as string,
        ),
      ).toBe(true);
    }
    webhooks.forEach((webhook, index) =>
      expect(webhook.receivedAt - accepted.acceptedAt.getTime()).toBeGreaterThanOrEqual(
        [30, 60, 90][index] - 2,
      ),
    );
    expect(webhooks[0].status.conversation?.id).toBe(webhooks[1].status.conversation?.id);
    await sleep(20);
    expect(log.list()).toEqual(
      ['sent', 'delivered', 'read'].map((status) =>
        expect.objectContaining({
          wamid: 'wamid.A',
          status,
          url: receiver.url,
          outcome: 'delivered',
          attempts: 1,
          lastHttpStatus: 200,
        }),
      ),
    );
    expect(log.list()[0].deliveredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('tries a status again while the receiver fails, then goes on with the next ones in order', async () => {
    const { receiver, service, log } = await start((_webhook, index) => ({ status: index < 2 ? 503 : 200 }));
    service.schedule(message('wamid.B'));
    const webhooks = await receiver.waitFor(5);

    expect(webhooks.map((webhook) => webhook.status.status)).toEqual([
      'sent',
      'sent',
      'sent',
      'delivered',
      'read',
    ]);
    expect(webhooks[1].rawBody.equals(webhooks[0].rawBody)).toBe(true);
    await sleep(20);
    expect(log.list({ wamid: 'wamid.B' })[0]).toMatchObject({
      status: 'sent',
      outcome: 'delivered',
      attempts: 3,
      lastHttpStatus: 200,
    });
  });

  it('gives a status up after the last retry and still reports the later ones', async () => {
    const { receiver, service, log } = await start((webhook) => ({
      status: webhook.status.status === 'sent' ? 500 : 204,
    }));
    service.schedule(message('wamid.C'));
    const webhooks = await receiver.waitFor(5);

    expect(webhooks.map((webhook) => webhook.status.status)).toEqual([
      'sent',
      'sent',
      'sent',
      'delivered',
      'read',
    ]);
    await sleep(20);
    expect(log.list()[0]).toMatchObject({
      status: 'sent',
      outcome: 'failed',
      attempts: 3,
      lastHttpStatus: 500,
      deliveredAt: null,
    });
    expect(log.list()[2]).toMatchObject({
      status: 'read',
      outcome: 'delivered',
      attempts: 1,
      lastHttpStatus: 204,
    });
  });

  it('records an unreachable receiver as no HTTP status and an error', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const { service, log } = serviceFor(`http://127.0.0.1:${closedPort}/webhooks/whatsapp`, {
      SANDBOX_WEBHOOK_RETRY_DELAYS_MS: [],
    });
    try {
      service.schedule(message('wamid.D'));
      await sleep(300);
      expect(log.list()).toHaveLength(3);
      expect(log.list()[0]).toMatchObject({ outcome: 'failed', attempts: 1, lastHttpStatus: null });
      expect(log.list()[0].lastError).toBe('request failed: ECONNREFUSED');
    } finally {
      service.onApplicationShutdown();
    }
  });

  it('counts an answer slower than SANDBOX_WEBHOOK_TIMEOUT_MS as no answer, and tries again', async () => {
    const { receiver, service, log } = await start(
      (_webhook, index) => ({ status: 200, delayMs: index === 0 ? 1_000 : 0 }),
      {
        SANDBOX_WEBHOOK_TIMEOUT_MS: 150,
      },
    );
    service.schedule(message('wamid.T'));
    const webhooks = await receiver.waitFor(4);

    expect(webhooks.map((webhook) => webhook.status.status)).toEqual(['sent', 'sent', 'delivered', 'read']);
    expect(webhooks[1].rawBody.equals(webhooks[0].rawBody)).toBe(true);
    await sleep(20);
    expect(log.list()[0]).toMatchObject({
      status: 'sent',
      outcome: 'delivered',
      attempts: 2,
      lastHttpStatus: 200,
      lastError: null,
    });
  });

  it('records a timed-out last attempt as failed with the reason', async () => {
    const { service, log } = await start(() => ({ status: 200, delayMs: 1_000 }), {
      SANDBOX_WEBHOOK_TIMEOUT_MS: 100,
      SANDBOX_WEBHOOK_RETRY_DELAYS_MS: [],
      SANDBOX_WEBHOOK_DELAYS_MS: [0, 0, 0],
    });
    service.schedule(message('wamid.U'));
    await sleep(500);
    expect(log.list()).toEqual(
      ['sent', 'delivered', 'read'].map((status) =>
        expect.objectContaining({
          status,
          outcome: 'failed',
          attempts: 1,
          lastHttpStatus: null,
          lastError: 'timed out',
        }),
      ),
    );
  });

  it('does not let a slow receiver of one message hold back another message', async () => {
    const { receiver, service } = await start((webhook) => ({
      status: 200,
      delayMs: webhook.status.id === 'wamid.SLOW' ? 500 : 0,
    }));
    service.schedule(message('wamid.SLOW'));
    service.schedule(message('wamid.FAST'));
    const webhooks = await receiver.waitFor(6);

    const order = webhooks.map((webhook) => `${webhook.status.id} ${webhook.status.status}`);
    expect(order.filter((entry) => entry.startsWith('wamid.FAST'))).toEqual([
      'wamid.FAST sent',
      'wamid.FAST delivered',
      'wamid.FAST read',
    ]);
    expect(order.filter((entry) => entry.startsWith('wamid.SLOW'))).toEqual([
      'wamid.SLOW sent',
      'wamid.SLOW delivered',
      'wamid.SLOW read',
    ]);
    // FAST's three statuses all arrive while SLOW's first one is still waiting for its answer.
    expect(order.indexOf('wamid.FAST read')).toBeLessThan(order.indexOf('wamid.SLOW delivered'));
  });


  it('keeps at most SANDBOX_WEBHOOK_CONNECTIONS webhooks open at once, the rest waiting for one without timing out', async () => {
    let open = 0;
    let mostOpen = 0;
    const { receiver, service, log } = await start(
      () => {
        open += 1;
        mostOpen = Math.max(mostOpen, open);
        setTimeout(() => (open -= 1), 100);
        return { status: 200, delayMs: 100 };
      },
      // Fifteen webhooks two at a time take 800 ms, far past a 150 ms timeout: only the answer counts against it.
      { SANDBOX_WEBHOOK_CONNECTIONS: 2, SANDBOX_WEBHOOK_DELAYS_MS: [10, 11, 12], SANDBOX_WEBHOOK_TIMEOUT_MS: 150 },
    );
    for (const wamid of ['wamid.H1', 'wamid.H2', 'wamid.H3', 'wamid.H4', 'wamid.H5']) service.schedule(message(wamid));
    const webhooks = await receiver.waitFor(15);

    expect(mostOpen).toBe(2);
    expect(new Set(webhooks.map((webhook) => `${webhook.status.id} ${webhook.status.status}`)).size).toBe(15);
    expect(log.list().map((delivery) => delivery.attempts)).toEqual(Array(15).fill(1));
  });
  it('sends nothing more once the application shuts down', async () => {
    const { receiver, service } = await start(undefined, { SANDBOX_WEBHOOK_DELAYS_MS: [100, 150, 200] });
    service.schedule(message('wamid.E'));
    service.onApplicationShutdown();
    await sleep(300);
    expect(receiver.received).toHaveLength(0);
  });

  it('cancels the webhooks not sent yet on cancelPending, and keeps working for new messages', async () => {
    const { receiver, service } = await start(undefined, { SANDBOX_WEBHOOK_DELAYS_MS: [100, 150, 200] });
    service.schedule(message('wamid.F'));
    expect(service.cancelPending()).toBe(1);
    service.schedule(message('wamid.G'));
    await receiver.waitFor(3);
    await sleep(100);
    expect(receiver.received.map((webhook) => webhook.status.id)).toEqual(['wamid.G', 'wamid.G', 'wamid.G']);
  });
});
