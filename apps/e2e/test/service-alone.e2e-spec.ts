import { randomUUID } from 'node:crypto';
import { conversationKey, envelope, Topics } from '@herald/contracts';
import { eventually, freePort, freshDatabase, HeraldApp, OwnBroker, ServiceProcess, startOwnBroker, testKafka, whatsAppWebhook, withDatabase } from '@herald/testing';
import { signWebhookBody } from '@herald/whatsapp';

/**
 * A platform team deploys the services one by one: each must come up on a broker where nothing created Herald's
 * topics yet (not the shared test broker, where other tests and the demo seed have made them) and on a database
 * holding only its own schema.
 */
describe('a service started alone on an empty broker and a fresh database', () => {
  let broker: OwnBroker | undefined;
  let database: { url: string; drop(): Promise<void> } | undefined;
  let service: ServiceProcess | undefined;

  afterEach(async () => {
    await service?.stop();
    await Promise.all([broker?.stop(), database?.drop()]);
    [broker, database, service] = [undefined, undefined, undefined];
  });

  const startAlone = async (app: HeraldApp, env: Record<string, string> = {}) => {
    [broker, database] = await Promise.all([startOwnBroker(), freshDatabase([app])]);
    const admin = testKafka({ brokers: [broker.brokers] }).admin();
    await admin.connect();
    expect(await admin.listTopics()).toEqual([]);
    await admin.disconnect();
    service = new ServiceProcess(app, await freePort(), { KAFKA_BROKERS: broker.brokers, DATABASE_URL: database.url, ...env });
    // start() resolves once /health/ready answers 200, and fails if the process exits first.
    await service.start();
    return { service, brokers: [broker.brokers], databaseUrl: database.url };
  };

  /** A text message's request, published straight to `message.requested` as an upstream service would; its uuid. */
  const publishRequest = async (brokers: string[], to: string): Promise<string> => {
    const messageUuid = randomUUID().replace(/-/g, '');
    const channelUuid = randomUUID();
    const event = envelope(Topics.MessageRequested, {
      messageUuid,
      teamUuid: randomUUID(),
      channelUuid,
      to,
      request: { to, from: 'whatsapp', type: 'text', content: { text: 'Hello' } },
      acceptedAt: new Date().toISOString(),
    });
    const producer = testKafka({ brokers }).producer();
    await producer.connect();
    await producer.send({ topic: Topics.MessageRequested, acks: -1, messages: [{ key: conversationKey(channelUuid, to), value: JSON.stringify(event) }] });
    await producer.disconnect();
    return messageUuid;
  };

  it('policy comes up and decides a request published to its topic', async () => {
    const { brokers, databaseUrl } = await startAlone('policy');

    const messageUuid = await publishRequest(brokers, '+15550009999');

    // The customer never wrote in: policy decides against the free-form message, and records it.
    const decided = await withDatabase(
      (client) =>
        eventually(async () => {
          const { rows } = await client.query<{ approved: boolean }>('SELECT approved FROM policy.decisions WHERE message_uuid = $1', [messageUuid]);
          return rows[0];
        }, 30_000),
      databaseUrl,
    );
    expect(decided.approved).toBe(false);
    // Its start-up waited for the new topics' leaders and its group's coordinator: expected, and not an error.
    expect(service!.output.join('')).not.toContain('"level":50');
  });

  it('the ingress comes up and accepts a signed webhook, which it publishes', async () => {
    const appSecret = 'alone-app-secret-0123';
    const { service } = await startAlone('ingress', { WHATSAPP_APP_SECRET: appSecret, WHATSAPP_VERIFY_TOKEN: 'alone-verify-token' });

    const body = whatsAppWebhook('100000000000002', {
      contacts: [{ profile: { name: 'Alone' }, wa_id: '15550009999' }],
      messages: [{ from: '15550009999', id: `wamid.${randomUUID()}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'Hi' } }],
    });
    const response = await fetch(`${service.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(appSecret, body) },
      body,
    });

    expect(response.status).toBe(200);
    expect(service.output.join('')).not.toContain('"level":50');
  });

  it('the ledger comes up and records a request published straight to its topic', async () => {
    const { brokers, databaseUrl } = await startAlone('ledger');

    const messageUuid = await publishRequest(brokers, '+15550009998');

    const recorded = await withDatabase(
      (client) =>
        eventually(async () => {
          const { rows } = await client.query<{ status: string }>('SELECT status FROM ledger.messages WHERE uuid = $1', [messageUuid]);
          return rows[0];
        }, 30_000),
      databaseUrl,
    );
    expect(recorded.status).toBe('enqueued');
    expect(service!.output.join('')).not.toContain('"level":50');
  });

  it.each(['template', 'dispatcher'] as const)('%s comes up ready, its consumer subscribed to the topics it made', async (app) => {
    const { service, brokers } = await startAlone(app);

    const admin = testKafka({ brokers }).admin();
    await admin.connect();
    const groups = await eventually(async () => {
      const described = await admin.describeGroups([`herald-${app}`]);
      return described.groups.find((group) => group.state === 'Stable');
    }, 30_000);
    await admin.disconnect();
    expect(groups.members.length).toBe(1);
    expect(service.output.join('')).not.toContain('"level":50');
  });
});
