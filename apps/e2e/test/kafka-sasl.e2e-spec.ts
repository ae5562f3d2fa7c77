import { randomUUID } from 'node:crypto';
import { MessageStatusResponse, SendMessageResponse } from '@herald/contracts';
import { customerWrites, eventually, OwnBroker, Platform, startOwnBroker, startPlatform, testKafka } from '@herald/testing';
import type { KafkaConfig } from '@herald/kafka';

/**
 * Kafka is a trust boundary: against a broker that authenticates its clients (a SASL_PLAINTEXT listener with
 * SCRAM-SHA-512, and its user made by tools/kafka), the services connect with the credentials they are given, and
 * a client without them gets nothing.
 */
describe('the platform on a broker that requires SCRAM-SHA-512', () => {
  const credentials = { username: 'herald-services', password: `pw-${randomUUID()}` };
  let broker: OwnBroker;
  let platform: Platform;

  beforeAll(async () => {
    broker = await startOwnBroker({ sasl: credentials });
    platform = await startPlatform({
      env: {
        KAFKA_BROKERS: broker.saslBrokers!,
        KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT',
        KAFKA_SASL_USERNAME: credentials.username,
        KAFKA_SASL_PASSWORD: credentials.password,
      },
    });
  });

  afterAll(async () => {
    await platform?.stop();
    await broker?.stop();
  });

  it('carries a message from the API to read', async () => {
    await customerWrites(platform, '+15550006666');
    const response = await fetch(`${platform.ingressUrl}/messages/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: '+15550006666', from: 'whatsapp', type: 'text', content: { text: 'Over SASL' } }),
    });
    expect(response.status).toBe(200);
    const { message } = (await response.json()) as SendMessageResponse;

    const final = await eventually(async () => {
      const status = await fetch(`${platform.ingressUrl}/messages/status/${message.uuid}`, { headers: { authorization: `Bearer ${platform.apiKey}` } });
      const current = ((await status.json()) as MessageStatusResponse).message;
      return current.status === 'read' ? current : undefined;
    }, 30_000);
    expect(final.status).toBe('read');
  });

  it('refuses a client without credentials, and one with a wrong password', async () => {
    const listTopics = async (overrides: Partial<KafkaConfig>) => {
      const admin = testKafka({ brokers: [broker.saslBrokers!], connectionTimeout: 3_000, retry: { retries: 0 }, ...overrides }).admin();
      try {
        await admin.connect();
        return await admin.listTopics();
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    };

    await expect(listTopics({})).rejects.toThrow(/Closed connection|Connection error/);
    await expect(listTopics({ sasl: { mechanism: 'scram-sha-512', username: credentials.username, password: 'not-the-password' } })).rejects.toThrow(
      /SASL SCRAM SHA512 authentication failed/,
    );
    expect(await listTopics({ sasl: { mechanism: 'scram-sha-512', ...credentials } })).toContain('message.requested');
  });

  it('never logs the password', () => {
    for (const service of Object.values(platform.services)) expect(service.output.join('')).not.toContain(credentials.password);
  });
});
