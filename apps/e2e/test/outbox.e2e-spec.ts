import { MessageStatusResponse, SendMessageResponse } from '@herald/contracts';
import { customerWrites, eventually, freePort, Platform, ServiceProcess, startBroker, startPlatform, stopBroker, withDatabase } from '@herald/testing';

interface SandboxRecord {
  body: { biz_opaque_callback_data?: string; text?: { body: string } };
}

/**
 * The accept is durable without Kafka: requests made while the broker is down are answered 200, readable at once,
 * and sent exactly once, in the order they were accepted, when it returns. Two ingress replicas relay the one
 * outbox. Stops the shared test broker: in a file of its own, and started again whatever happens.
 */
describe('the outbox', () => {
  let platform: Platform;
  let second: ServiceProcess;

  beforeAll(async () => {
    platform = await startPlatform();
    // A second replica of the ingress on the same database and broker: both relay the outbox.
    second = await new ServiceProcess('ingress', await freePort(), platform.services.ingress.env).start();
    for (const phone of ['+15550007001', '+15550007002']) await customerWrites(platform, phone);
  });

  afterAll(async () => {
    await second?.stop();
    await platform?.stop();
  });

  const send = (replica: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${replica}/messages/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  const status = async (uuid: string) => {
    const response = await fetch(`${platform.ingressUrl}/messages/status/${uuid}`, { headers: { authorization: `Bearer ${platform.apiKey}` } });
    return response.status === 200 ? ((await response.json()) as MessageStatusResponse).message : undefined;
  };

  const sandboxTexts = async (to: string): Promise<Array<{ uuid: string; text: string }>> => {
    const response = await fetch(`${platform.sandboxUrl}/_sandbox/messages?to=${to}`, { headers: platform.internalHeaders });
    const records = ((await response.json()) as { data: SandboxRecord[] }).data;
    return records.map((record) => ({ uuid: record.body.biz_opaque_callback_data ?? '', text: record.body.text?.body ?? '' }));
  };

  it('answers 200 while Kafka is down, finds each message at once, and sends each exactly once and in order when it returns', async () => {
    const accepted: Array<{ to: string; text: string; uuid: string }> = [];
    let keyed = '';
    try {
      await stopBroker();
      // Each contact's messages one after the other, through both replicas in turn.
      for (let index = 0; index < 6; index += 1) {
        for (const to of ['+15550007001', '+15550007002']) {
          const text = `while the broker is down ${index}`;
          const response = await send(index % 2 === 0 ? platform.ingressUrl : second.url, { to, from: 'whatsapp', type: 'text', content: { text } });
          expect(response.status).toBe(200);
          const uuid = ((await response.json()) as SendMessageResponse).message.uuid;
          // Read your writes: the ledger has it the moment the client has its uuid.
          expect((await status(uuid))?.status).toBe('enqueued');
          accepted.push({ to, text, uuid });
        }
      }
      // A keyed request and its retry, on the two replicas: one message.
      const body = { to: '+15550007001', from: 'whatsapp', type: 'text', content: { text: 'keyed while the broker is down' } };
      const first = await send(platform.ingressUrl, body, { 'idempotency-key': 'outbox-broker-down' });
      const retry = await send(second.url, body, { 'idempotency-key': 'outbox-broker-down' });
      expect([first.status, retry.status]).toEqual([200, 200]);
      keyed = ((await first.json()) as SendMessageResponse).message.uuid;
      expect(((await retry.json()) as SendMessageResponse).message.uuid).toBe(keyed);
      accepted.push({ to: body.to, text: body.content.text, uuid: keyed });

      // The ingress stays ready: a load balancer keeps sending it the requests it can accept.
      expect((await fetch(`${platform.ingressUrl}/health/ready`)).status).toBe(200);
      const waiting = await withDatabase((database) => database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ingress.outbox`));
      expect(waiting.rows[0].n).toBe(accepted.length);
    } finally {
      await startBroker();
    }

    for (const { uuid } of accepted) await eventually(async () => ((await status(uuid))?.status === 'read' ? true : undefined), 90_000, 250);
    for (const to of ['+15550007001', '+15550007002']) {
      const sent = (await sandboxTexts(to.slice(1))).filter((record) => accepted.some((message) => message.uuid === record.uuid));
      // Exactly once each, in the order the client sent them.
      expect(sent).toEqual(accepted.filter((message) => message.to === to).map(({ uuid, text }) => ({ uuid, text })));
    }
    const left = await withDatabase((database) => database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ingress.outbox`));
    expect(left.rows[0].n).toBe(0);
  });
});
