import { BaseConfig, CommaSeparated, NotTheDevelopmentValue } from '@herald/config';
import { parseSecretKey } from '@herald/whatsapp';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Max, Min, ValidateBy } from 'class-validator';

const keyHelp = '32 random bytes in base64 or hex, such as the output of `openssl rand -base64 32`';

/** A SecretBox key (or, with `each`, a list of them). */
const IsSecretKey = (each = false): PropertyDecorator =>
  ValidateBy(
    { name: 'isSecretKey', validator: { validate: (value: unknown) => typeof value === 'string' && parseSecretKey(value) !== undefined } },
    { each, message: (args) => `${args.property} must be ${each ? 'a comma-separated list of keys, each ' : ''}${keyHelp}` },
  );

/** `true` or `false` as written: implicit conversion would read the string "false" as true. */
const BooleanSetting = (): PropertyDecorator => (target, property) => {
  IsBoolean({ message: `${String(property)} must be true or false` })(target, property);
  Transform(({ obj, key, value }: { obj: Record<string, unknown>; key: string; value: unknown }) => {
    const given = obj[key];
    if (given === undefined) return value;
    return given === 'true' || given === true ? true : given === 'false' || given === false ? false : given;
  })(target, property);
};

/** The notifier delivers webhooks: its settings are about the receivers, how it reaches them and how patiently. */
export class NotifierConfig extends BaseConfig {
  override PORT: number = 3005;

  /**
   * Opens the endpoints' signing secrets (SecretBox): the key the ingress seals them with, apart from
   * HERALD_SECRET_KEY, so that the notifier never holds what opens the channels' access tokens.
   */
  @NotTheDevelopmentValue()
  @IsSecretKey()
  WEBHOOK_SECRET_KEY: string;

  /** Keys of earlier rotations, comma-separated: they still open the secrets they sealed. */
  @IsSecretKey(true)
  @CommaSeparated()
  WEBHOOK_SECRET_KEYS_OLD: string[] = [];

  /**
   * Development only: plain http and private, loopback and link-local receivers are allowed. Off, such an address
   * is refused when the endpoint is made and again at every delivery, against the address the name resolves to.
   */
  @BooleanSetting()
  WEBHOOK_ALLOW_PRIVATE: boolean = false;

  /** Hosts allowed although they are plain http or resolve to a private address (an internal receiver). */
  @CommaSeparated()
  @IsString({ each: true })
  WEBHOOK_ALLOWED_HOSTS: string[] = [];

  /** Deliveries one replica has under way at once, all endpoints together. */
  @Min(1)
  @Max(1_000)
  @IsInt()
  WEBHOOK_CONCURRENCY: number = 64;

  /** Deliveries under way to one endpoint at once, across replicas: one slow receiver holds no more than this. */
  @Min(1)
  @Max(100)
  @IsInt()
  WEBHOOK_ENDPOINT_CONCURRENCY: number = 8;

  /** How long one attempt may take, connecting and answering; a receiver slower than this has failed it. */
  @Min(100)
  @Max(120_000)
  @IsInt()
  WEBHOOK_TIMEOUT_MS: number = 10_000;

  /** The first retry's wait at most; each later one doubles it (with full jitter), up to WEBHOOK_RETRY_MAX_MS. */
  @Min(10)
  @Max(3_600_000)
  @IsInt()
  WEBHOOK_RETRY_BASE_MS: number = 5_000;

  @Min(10)
  @Max(86_400_000)
  @IsInt()
  WEBHOOK_RETRY_MAX_MS: number = 3_600_000;

  /** An endpoint whose every attempt failed for this long is disabled, and its open deliveries failed. */
  @Min(1)
  @Max(720)
  @IsInt()
  WEBHOOK_DISABLE_AFTER_HOURS: number = 24;

  /** How often an idle replica looks for deliveries queued by others or due for a retry. */
  @Min(5)
  @Max(60_000)
  @IsInt()
  WEBHOOK_POLL_INTERVAL_MS: number = 200;

  /** How long the delivery log (delivered and failed deliveries) is kept. */
  @Min(1)
  @Max(3_650)
  @IsInt()
  WEBHOOK_LOG_RETENTION_DAYS: number = 30;
}
