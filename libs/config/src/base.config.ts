/* Decorators apply bottom-up and validation stops at a field's first problem: the type check sits last. */
import { accessSync, constants } from 'node:fs';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, ValidateBy } from 'class-validator';
import type { HeraldEnvironment } from './development';

const brokerList = /^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/;
const postgresUrl = /^postgres(ql)?:\/\/[^\s]+$/;

/** The local broker `tools/kafka` starts. */
export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:9092';
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/herald';

export const KAFKA_SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type KafkaSecurityProtocol = (typeof KAFKA_SECURITY_PROTOCOLS)[number];
export const KAFKA_SASL_MECHANISMS = ['scram-sha-512', 'scram-sha-256', 'plain'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/** A check across settings: fails with `message` when `check` does not hold for the whole configuration. */
function Holds(check: (config: BaseConfig) => boolean, message: string): PropertyDecorator {
  return ValidateBy({ name: 'holds', validator: { validate: (_value, args) => check(args!.object as BaseConfig), defaultMessage: () => message } });
}

const usesSasl = (config: BaseConfig) => config.KAFKA_SECURITY_PROTOCOL.startsWith('SASL_');
const usesTls = (config: BaseConfig) => config.KAFKA_SECURITY_PROTOCOL.endsWith('SSL');
const readable = (file: string) => {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
};
/** Set exactly when SASL is in use. */
const SaslSetting = (): PropertyDecorator => (target, property) => {
  const name = String(property);
  Holds((config) => !usesSasl(config) || Boolean(config[property as keyof BaseConfig]), `${name} must be set when KAFKA_SECURITY_PROTOCOL is SASL_PLAINTEXT or SASL_SSL`)(target, property);
  Holds((config) => usesSasl(config) || !config[property as keyof BaseConfig], `${name} is set, but KAFKA_SECURITY_PROTOCOL is not SASL_PLAINTEXT or SASL_SSL, so it would not be used`)(target, property);
};
/** A PEM file, given only with TLS. */
const TlsFile = (): PropertyDecorator => (target, property) => {
  const name = String(property);
  const file = (config: BaseConfig) => config[property as keyof BaseConfig] as string;
  Holds((config) => !file(config) || readable(file(config)), `${name} must be a file this process can read (PEM)`)(target, property);
  Holds((config) => usesTls(config) || !file(config), `${name} is set, but KAFKA_SECURITY_PROTOCOL is not SSL or SASL_SSL, so it would not be used`)(target, property);
};

/**
 * Settings every Herald service reads. Each service's config class extends this one. Every field states its type:
 * the conversion from environment strings reads the emitted type metadata, which an initialiser alone does not give.
 */
export class BaseConfig {
  /**
   * `production` (the default): every secret must be the deployment's own. `development` (npm start, the tests,
   * docker-compose's dev profile): the published DEVELOPMENT_SETTINGS are the defaults, and the demo key may work.
   */
  @IsIn(['development', 'production'], { message: 'HERALD_ENV must be development or production' })
  HERALD_ENV: HeraldEnvironment = 'production';

  @Matches(postgresUrl, { message: 'DATABASE_URL must be a postgres:// URL, such as postgres://user@host:5432/db' })
  DATABASE_URL: string = DEFAULT_DATABASE_URL;

  @Matches(brokerList, { message: 'KAFKA_BROKERS must be a comma-separated list of host:port, such as 127.0.0.1:9092' })
  KAFKA_BROKERS: string = DEFAULT_KAFKA_BROKERS;

  /**
   * How the services reach the brokers: PLAINTEXT for a broker on this machine; SASL_SSL (or SSL with a client
   * certificate) for one anything else can reach. SASL needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD.
   */
  @IsIn(KAFKA_SECURITY_PROTOCOLS, { message: `KAFKA_SECURITY_PROTOCOL must be one of ${KAFKA_SECURITY_PROTOCOLS.join(', ')}` })
  KAFKA_SECURITY_PROTOCOL: KafkaSecurityProtocol = 'PLAINTEXT';

  @Holds(
    (config) => !usesSasl(config) || config.KAFKA_SASL_MECHANISM !== 'plain' || config.KAFKA_SECURITY_PROTOCOL === 'SASL_SSL',
    'KAFKA_SASL_MECHANISM plain sends the password as it is: use it with KAFKA_SECURITY_PROTOCOL=SASL_SSL only',
  )
  @IsIn(KAFKA_SASL_MECHANISMS, { message: `KAFKA_SASL_MECHANISM must be one of ${KAFKA_SASL_MECHANISMS.join(', ')}` })
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  KAFKA_SASL_MECHANISM: KafkaSaslMechanism = 'scram-sha-512';

  @SaslSetting()
  @IsString()
  KAFKA_SASL_USERNAME: string = '';

  @SaslSetting()
  @IsString()
  KAFKA_SASL_PASSWORD: string = '';

  /** The certificate authority the brokers' certificates are checked against; the system's when not set. */
  @TlsFile()
  @IsString()
  KAFKA_SSL_CA_FILE: string = '';

  /** A client certificate and its key, for brokers that authenticate clients by certificate (mutual TLS). */
  @Holds((config) => !config.KAFKA_SSL_KEY_FILE || Boolean(config.KAFKA_SSL_CERT_FILE), 'KAFKA_SSL_CERT_FILE must be set with KAFKA_SSL_KEY_FILE: a client key goes with its certificate')
  @TlsFile()
  @IsString()
  KAFKA_SSL_CERT_FILE: string = '';

  @Holds((config) => !config.KAFKA_SSL_CERT_FILE || Boolean(config.KAFKA_SSL_KEY_FILE), 'KAFKA_SSL_KEY_FILE must be set with KAFKA_SSL_CERT_FILE: a client certificate goes with its key')
  @TlsFile()
  @IsString()
  KAFKA_SSL_KEY_FILE: string = '';

  /** Partitions of each topic Herald creates; more partitions let more replicas of a consumer share the work. */
  @Min(1)
  @Max(1000)
  @IsInt({ message: 'KAFKA_TOPIC_PARTITIONS must be a whole number' })
  KAFKA_TOPIC_PARTITIONS: number = 6;

  /** Partitions one consumer works on at the same time (kafkajs partitionsConsumedConcurrently). */
  @Min(1)
  @Max(100)
  @IsInt({ message: 'KAFKA_CONSUMER_CONCURRENCY must be a whole number' })
  KAFKA_CONSUMER_CONCURRENCY: number = 6;

  /**
   * A consumer's fetch returns once this many bytes are there, or after KAFKA_FETCH_MAX_WAIT_MS: the batch an event
   * travels in under load (events are under a kilobyte). A consumer whose last fetch brought nothing asks instead to
   * be answered by the first event, within KAFKA_FETCH_IDLE_WAIT_MS (0: always gather): idle, it fetches a couple of
   * times a second, and an event after a lull travels at once.
   */
  @Min(1)
  @Max(1_048_576)
  @IsInt({ message: 'KAFKA_FETCH_MIN_BYTES must be a whole number' })
  KAFKA_FETCH_MIN_BYTES: number = 65_536;

  @Min(1)
  @Max(5_000)
  @IsInt({ message: 'KAFKA_FETCH_MAX_WAIT_MS must be a whole number' })
  KAFKA_FETCH_MAX_WAIT_MS: number = 20;

  @Min(0)
  @Max(5_000)
  @IsInt({ message: 'KAFKA_FETCH_IDLE_WAIT_MS must be a whole number' })
  KAFKA_FETCH_IDLE_WAIT_MS: number = 500;

  /**
   * How many times a produce request is retried before the publish fails. Services whose consumers wait out a
   * broker outage keep the default; the ingress, which must answer its client, fails sooner (503, nothing accepted).
   */
  @Min(0)
  @Max(100)
  @IsInt({ message: 'KAFKA_PRODUCER_RETRIES must be a whole number' })
  KAFKA_PRODUCER_RETRIES: number = 12;

  /**
   * While a service publishes steadily, at most one produce request per this many ms (Kafka's own producer's
   * linger.ms): events gather into fewer, larger requests, which saves the broker CPU when the machine is short of
   * it, and adds up to this much to every hop of a message otherwise (docs/benchmarks.md has the figures). The
   * first event after a quiet spell goes at once. 0, the default: a request per turn of the event loop.
   */
  @Min(0)
  @Max(1_000)
  @IsInt({ message: 'KAFKA_PRODUCER_LINGER_MS must be a whole number' })
  KAFKA_PRODUCER_LINGER_MS: number = 0;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** `json` for machines (the default), `pretty` for a person at a terminal. */
  @IsIn(['json', 'pretty'])
  LOG_FORMAT: string = 'json';

  @Min(0)
  @Max(65535)
  @IsInt({ message: 'PORT must be a whole number' })
  PORT: number = 0;

  /** Where the HTTP server listens: this machine only, unless a service is meant to be reached (the ingress). */
  @IsString()
  HOST: string = '127.0.0.1';
}

/** Turns "a,b , c" into ["a","b","c"]; for list-valued settings. */
export const CommaSeparated = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter(Boolean) : value));

export function kafkaBrokers(config: BaseConfig): string[] {
  return config.KAFKA_BROKERS.split(',').map((broker) => broker.trim());
}
