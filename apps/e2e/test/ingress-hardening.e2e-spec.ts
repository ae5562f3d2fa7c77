import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { MessageStatusResponse, SendMessageResponse, WEBHOOK_DEAD_LETTER_TOPIC } from '@herald/contracts';
import { accessTokenFile, customerWrites, eventually, Platform, readTopic, startPlatform, TcpProxy, whatsAppWebhook, workspaceRoot } from '@herald/testing';
import { signWebhookBody } from '@herald/whatsapp';

const herald = (...args: string[]) =>
  JSON.parse(
    execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), ...args, '--json'], { env: process.env, encoding: 'utf8' }),
  );

/** Bad input and outages at the ingress's edge: answered with a 4xx, a 200 and a dead letter, or a 503, never a 500. */
describe('the ingress at its edge', () => {
  let platform: Platform;
  let proxy: TcpProxy;

  beforeAll(async () => {
    const direct = new URL(process.env.DATABASE_URL ?? '');
    proxy = await TcpProxy.start({ host: direct.hostname, port: Number(direct.port || 5432) });
    platform = await startPlatform({
      // The ingress reaches the database through the proxy, so the test can cut it off.
      ingressEnv: { DATABASE_URL: proxy.via(direct.toString()) },
      // `sent` at once; `delivered` and `read` long after the tests: a message stays `sent` unless a webhook says more.
      sandboxEnv: { SANDBOX_WEBHOOK_DELAYS_MS: '50,3600000,3600000' },
    });
  });

  afterAll(async () => {
    await platform?.stop();
    await proxy?.close();
  });

  const get = (url: string) => fetch(`${platform.ingressUrl}${url}`, { headers: { authorization: `Bearer ${platform.apiKey}` } });

  const status = async (uuid: string) => ((await (await get(`/messages/status/${uuid}`)).json()) as MessageStatusResponse).message;

  const webhook = (body: string) =>
    fetch(`${platform.ingressUrl}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(platform.appSecret, body) },
      body,
    });

  const statusWebhook = (phoneNumberId: string, status: { id: string; uuid: string; recipient: string }) =>
    whatsAppWebhook(phoneNumberId, {
      statuses: [
        { id: status.id, status: 'read', timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: status.recipient, biz_opaque_callback_data: status.uuid },
      ],
    });

  it("takes a message's status only from its channel's phone number id", async () => {
    // Another channel, of the same team, with a number of its own.
    herald(
      'channels', 'add', '--team', platform.teamUuid, '--name', 'Second number',
      '--phone-number-id', '100000000000071', '--waba-id', '100000000000001', '--access-token-file', accessTokenFile('second-token'),
    );
    await customerWrites(platform, '+15550004444');
    const sent = await fetch(`${platform.ingressUrl}/messages/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: '+15550004444', from: 'whatsapp', type: 'text', content: { text: 'Hello' }, channel_uuid: platform.channelUuid }),
    });
    expect(sent.status).toBe(200);
    const { uuid } = ((await sent.json()) as SendMessageResponse).message;
    const message = await eventually(async () => {
      const current = await status(uuid);
      return current.status === 'sent' && current.providerMessageId ? current : undefined;
    });

    const forged = { id: message.providerMessageId as string, uuid, recipient: '15550004444' };
    expect((await webhook(statusWebhook('100000000000071', forged))).status).toBe(200);
    await eventually(async () =>
      platform.services.ledger.output.some((line) => line.includes(`message ${uuid} came from phone number id 100000000000071`)) ? true : undefined,
    );
    expect((await status(uuid)).status).toBe('sent');

    // The same status from the message's own number counts.
    expect((await webhook(statusWebhook('100000000000002', forged))).status).toBe(200);
    await eventually(async () => ((await status(uuid)).status === 'read' ? true : undefined));
  });

  it('answers a signed webhook it cannot read 200, and keeps it on the dead-letter topic with the reason', async () => {
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: 'not a list', marker: Date.now() });
    const answer = await webhook(body);
    expect(answer.status).toBe(200);
    const kept = await readTopic(WEBHOOK_DEAD_LETTER_TOPIC, (messages) => messages.some((message) => message.value?.toString() === body));
    const letter = kept.find((message) => message.value?.toString() === body);
    expect(letter?.headers?.['x-dead-letter-reason']?.toString()).toContain('entry');
    expect(letter?.headers?.['x-request-id']?.toString()).toBe(answer.headers.get('x-request-id'));

    // An operator sees it with the CLI; it has no topic to be replayed to, and the CLI says so in one line.
    const listed = herald('dead-letters', 'list', '--topic', 'whatsapp.webhook') as Array<{ topic: string | null; reason: string }>;
    expect(listed).toEqual(expect.arrayContaining([expect.objectContaining({ topic: null, reason: expect.stringContaining('entry') })]));
    let replay: { status: number; stderr: string } | undefined;
    try {
      execFileSync(process.execPath, [path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js'), 'dead-letters', 'replay', '--topic', 'whatsapp.webhook', '--all'], {
        env: process.env,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (error) {
      replay = error as { status: number; stderr: string };
    }
    expect(replay).toMatchObject({ status: 1, stderr: expect.stringMatching(/^herald: whatsapp\.webhook\.dead-letter keeps WhatsApp webhooks as received, .*\n$/) });
  });

  it('refuses a body nested thousands of levels deep with 422, not a 500', async () => {
    const metadata = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const answer = await fetch(`${platform.ingressUrl}/messages/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
      body: `{"to":"+15550004444","from":"whatsapp","type":"text","content":{"text":"hi"},"metadata":${metadata}}`,
    });
    expect(answer.status).toBe(422);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
  });

  it.each(['0000-01-01T00:00:00.000Z', '-000001-01-01T00:00:00.000Z', 'Tue Mar 01 2022'])(
    'refuses a crafted cursor whose time is %s with 422, not a 500',
    async (createdAt) => {
      const cursor = Buffer.from(JSON.stringify([createdAt, '0123456789abcdef0123456789abcdef'])).toString('base64url');
      const answer = await get(`/messages?cursor=${cursor}`);
      expect(answer.status).toBe(422);
    },
  );

  it('answers 503 with Retry-After while PostgreSQL is away, and serves again once it is back', async () => {
    proxy.cut();
    try {
      const answer = await get('/messages?limit=1');
      expect(answer.status).toBe(503);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('service_unavailable');
    } finally {
      proxy.restore();
    }
    await eventually(async () => ((await get('/messages?limit=1')).status === 200 ? true : undefined), 30_000, 250);
  });
});
