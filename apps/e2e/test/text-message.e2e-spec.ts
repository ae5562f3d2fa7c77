import { MessageStatusResponse, SendMessageResponse } from '@herald/contracts';
import { customerWrites, eventually, Platform, startPlatform } from '@herald/testing';
import { signWebhookBody } from '@herald/whatsapp';

interface SandboxRecord {
  wamid: string;
  phoneNumberId: string;
  apiVersion: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

describe('a text message, end to end', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform();
    // Free-form messages go only to customers who wrote in the last 24 hours.
    for (const phone of ['+15550001111', '+15550002222', '+15550003333']) await customerWrites(platform, phone);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const send = (body: unknown, apiKey = platform.apiKey) =>
    fetch(`${platform.ingressUrl}/messages/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  const status = async (uuid: string) => {
    const response = await fetch(`${platform.ingressUrl}/messages/status/${uuid}`, {
      headers: { authorization: `Bearer ${platform.apiKey}` },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as MessageStatusResponse).message;
  };

  const sandboxMessages = async (to: string): Promise<SandboxRecord[]> => {
    const response = await fetch(`${platform.sandboxUrl}/_sandbox/messages?to=${to}`, { headers: platform.internalHeaders });
    const json = (await response.json()) as { data: SandboxRecord[] };
    return json.data;
  };

  it('is accepted, sent to WhatsApp as the exact Graph API request, and walks enqueued -> sent -> delivered -> read', async () => {
    const response = await send({ to: '+15550001111', from: 'whatsapp', type: 'text', content: { text: 'Hello' } });
    expect(response.status).toBe(200);
    const accepted = (await response.json()) as SendMessageResponse;
    expect(accepted).toEqual({ message: { uuid: expect.stringMatching(/^[0-9a-f]{32}$/), status: 'enqueued' } });
    const uuid = accepted.message.uuid;

    // Read-your-writes: the ledger has it the moment the client has the uuid.
    expect((await status(uuid)).status).toBe('enqueued');

    const [received] = await eventually(async () => {
      const records = (await sandboxMessages('15550001111')).filter((record) => record.body.biz_opaque_callback_data === uuid);
      return records.length > 0 ? records : undefined;
    });
    expect(received.phoneNumberId).toBe('100000000000002');
    expect(received.headers.authorization).toBeDefined();
    expect(received.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '15550001111',
      type: 'text',
      text: { body: 'Hello', preview_url: false },
      biz_opaque_callback_data: uuid,
    });

    const seen = new Set<string>();
    const final = await eventually(async () => {
      const message = await status(uuid);
      seen.add(message.status);
      return message.status === 'read' ? message : undefined;
    });
    expect(final.providerMessageId).toBe(received.wamid);
    expect(final.statusHistory.map((change) => change.status)).toEqual(['enqueued', 'sent', 'delivered', 'read']);
    // The provider's statuses keep the provider's own timestamps (whole seconds), not the time Herald heard of them.
    for (const change of final.statusHistory.slice(1)) expect(Date.parse(change.at) % 1000).toBe(0);
    expect(seen.has('enqueued')).toBe(true);
  });

  it('sends nothing twice: one request, one Graph API call', async () => {
    const response = await send({ to: '+15550002222', from: 'whatsapp', type: 'text', content: { text: 'Once' } });
    const { message } = (await response.json()) as SendMessageResponse;
    await eventually(async () => ((await status(message.uuid)).status === 'read' ? true : undefined));
    expect((await sandboxMessages('15550002222')).length).toBe(1);
  });

  it('serves the API documentation without an API key', async () => {
    const page = await fetch(`${platform.ingressUrl}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui');
    const document = await fetch(`${platform.ingressUrl}/docs/json`);
    expect(document.status).toBe(200);
    expect(((await document.json()) as { paths: Record<string, unknown> }).paths).toHaveProperty('/messages/send');
  });

  it('refuses a request without a valid API key, with the error shape', async () => {
    const response = await send({ to: '+15550001111', from: 'whatsapp', type: 'text', content: { text: 'Hi' } }, 'hk_wrong');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it('refuses an invalid message with 422 and the fields at fault, and publishes nothing', async () => {
    const response = await send({ to: '12345', from: 'whatsapp', type: 'text', content: { text: '' }, extra: true });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; details: Array<{ field: string }> } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.map((detail) => detail.field).sort()).toEqual(['content.text', 'extra', 'to']);
  });

  it('ignores a status webhook whose signature is forged', async () => {
    const response = await send({ to: '+15550003333', from: 'whatsapp', type: 'text', content: { text: 'Forged' } });
    const { message } = (await response.json()) as SendMessageResponse;
    const delivered = await eventually(async () => {
      const current = await status(message.uuid);
      return current.status === 'read' ? current : undefined;
    });
    const forged = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '1', phone_number_id: '100000000000002' },
                statuses: [{ id: delivered.providerMessageId, status: 'failed', timestamp: '1', recipient_id: '15550003333' }],
              },
            },
          ],
        },
      ],
    });
    const webhook = await fetch(`${platform.ingressUrl}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody('not-the-app-secret', forged) },
      body: forged,
    });
    expect(webhook.status).toBe(401);
    expect((await status(message.uuid)).statusHistory).toEqual(delivered.statusHistory);
  });
});
