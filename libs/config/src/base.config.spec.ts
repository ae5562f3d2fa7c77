import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BaseConfig } from './base.config';
import { ConfigError, loadConfig } from './load-config';

const problemsOf = (environment: Record<string, string>): string[] => {
  try {
    loadConfig(BaseConfig, environment);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('the Kafka security settings', () => {
  const pem = path.join(mkdtempSync(path.join(tmpdir(), 'herald-config-')), 'ca.pem');
  writeFileSync(pem, '-----BEGIN CERTIFICATE-----\n');
  const sasl = { KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT', KAFKA_SASL_USERNAME: 'herald', KAFKA_SASL_PASSWORD: 'the-password' };

  it('connect in plaintext, without credentials, unless told otherwise', () => {
    expect(loadConfig(BaseConfig, {})).toMatchObject({
      KAFKA_SECURITY_PROTOCOL: 'PLAINTEXT',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: '',
      KAFKA_SASL_PASSWORD: '',
    });
  });

  it('take SASL with its credentials, and TLS with its files', () => {
    expect(loadConfig(BaseConfig, { ...sasl, KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256' }).KAFKA_SASL_MECHANISM).toBe('scram-sha-256');
    expect(problemsOf({ ...sasl, KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SSL_CA_FILE: pem })).toEqual([]);
    expect(problemsOf({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CERT_FILE: pem, KAFKA_SSL_KEY_FILE: pem })).toEqual([]);
  });

  it.each<[string, Record<string, string>, string]>([
    ['an unknown protocol', { KAFKA_SECURITY_PROTOCOL: 'TLS' }, 'KAFKA_SECURITY_PROTOCOL must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL (got "TLS")'],
    ['SASL without a user', { KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_PASSWORD: 'x' }, 'KAFKA_SASL_USERNAME must be set when KAFKA_SECURITY_PROTOCOL is SASL_PLAINTEXT or SASL_SSL (not set)'],
    ['SASL without a password', { KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT', KAFKA_SASL_USERNAME: 'herald' }, 'KAFKA_SASL_PASSWORD must be set when KAFKA_SECURITY_PROTOCOL is SASL_PLAINTEXT or SASL_SSL (not set)'],
    ['credentials with plaintext, which would send none', { KAFKA_SASL_USERNAME: 'herald' }, 'KAFKA_SASL_USERNAME is set, but KAFKA_SECURITY_PROTOCOL is not SASL_PLAINTEXT or SASL_SSL, so it would not be used (got "herald")'],
    ['the plain mechanism without TLS', { ...sasl, KAFKA_SASL_MECHANISM: 'plain' }, 'KAFKA_SASL_MECHANISM plain sends the password as it is: use it with KAFKA_SECURITY_PROTOCOL=SASL_SSL only (got "plain")'],
    ['an unknown mechanism', { ...sasl, KAFKA_SASL_MECHANISM: 'gssapi' }, 'KAFKA_SASL_MECHANISM must be one of scram-sha-512, scram-sha-256, plain (got "gssapi")'],
    ['a certificate file with plaintext', { KAFKA_SSL_CA_FILE: pem }, `KAFKA_SSL_CA_FILE is set, but KAFKA_SECURITY_PROTOCOL is not SSL or SASL_SSL, so it would not be used (got "${pem}")`],
    ['a file that is not there', { KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA_FILE: '/nowhere/ca.pem' }, 'KAFKA_SSL_CA_FILE must be a file this process can read (PEM) (got "/nowhere/ca.pem")'],
    ['a client key without its certificate', { KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_KEY_FILE: pem }, 'KAFKA_SSL_CERT_FILE must be set with KAFKA_SSL_KEY_FILE: a client key goes with its certificate (not set)'],
  ])('refuse %s, in one sentence', (_case, environment, problem) => {
    expect(problemsOf(environment)).toEqual([problem]);
  });

  it('never repeat the password in a configuration error', () => {
    const problems = problemsOf({ KAFKA_SASL_USERNAME: 'herald', KAFKA_SASL_PASSWORD: 'the-password' });
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).not.toContain('the-password');
  });
});
