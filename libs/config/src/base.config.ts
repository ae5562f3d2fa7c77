/* Decorators apply bottom-up and validation stops at a field's first problem: the type check sits last. */
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import type { HeraldEnvironment } from './development';

const brokerList = /^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/;
const postgresUrl = /^postgres(ql)?:\/\/[^\s]+$/;

/** The local broker `tools/kafka` starts. */
export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:9092';
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/herald';

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
   * it, and adds up to this much to every hop of a message otherwise (docs/benchmarks.md, seventh sitting). The
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
