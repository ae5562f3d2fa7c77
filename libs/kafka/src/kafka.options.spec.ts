import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BaseConfig, loadConfig } from '@herald/config';
import { logLevel } from 'kafkajs';
import { kafkaClientConfig } from './kafka.options';

describe("a service's Kafka client settings", () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'herald-kafka-options-'));
  const file = (name: string) => {
    writeFileSync(path.join(directory, name), `${name} contents`);
    return path.join(directory, name);
  };
  const clientOf = (environment: Record<string, string>) => kafkaClientConfig(loadConfig(BaseConfig, environment), 'herald-test');

  it('use neither TLS nor SASL on a plaintext broker', () => {
    const client = clientOf({});
    expect(client.ssl).toBeUndefined();
    expect(client.sasl).toBeUndefined();
  });

  it('authenticate with SCRAM-SHA-512 on a SASL listener', () => {
    const client = clientOf({ KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT', KAFKA_SASL_USERNAME: 'herald', KAFKA_SASL_PASSWORD: 'secret' });
    expect(client.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'herald', password: 'secret' });
    expect(client.ssl).toBeUndefined();
  });

  it("check the brokers' certificates against the system's authorities, or the one given, and present a client certificate", () => {
    expect(clientOf({ KAFKA_SECURITY_PROTOCOL: 'SSL' }).ssl).toBe(true);
    const client = clientOf({
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SASL_USERNAME: 'herald',
      KAFKA_SASL_PASSWORD: 'secret',
      KAFKA_SSL_CA_FILE: file('ca.pem'),
      KAFKA_SSL_CERT_FILE: file('client.pem'),
      KAFKA_SSL_KEY_FILE: file('client.key'),
    });
    expect(client.ssl).toEqual({ ca: Buffer.from('ca.pem contents'), cert: Buffer.from('client.pem contents'), key: Buffer.from('client.key contents') });
    expect(client.sasl).toEqual({ mechanism: 'plain', username: 'herald', password: 'secret' });
  });

  it("log kafkajs' warnings and errors, and nothing at LOG_LEVEL=silent (the CLI's, whose errors are one line)", () => {
    expect(clientOf({}).logLevel).toBe(logLevel.WARN);
    expect(clientOf({ LOG_LEVEL: 'silent' }).logLevel).toBe(logLevel.NOTHING);
  });
});
