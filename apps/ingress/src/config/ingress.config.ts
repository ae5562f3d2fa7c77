import { isIP } from 'node:net';
import { CommaSeparated, InternalApiConfig, NotTheDevelopmentValue } from '@herald/config';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateBy } from 'class-validator';

/** proxy-addr's names for the loopback, link-local and unique-local (private) ranges. */
const proxyRangeNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An address, a CIDR range (`10.0.0.0/8`, `fd00::/8`) or one of proxy-addr's range names. */
export function isProxyAddress(entry: unknown): boolean {
  if (typeof entry !== 'string') return false;
  if (proxyRangeNames.has(entry)) return true;
  const [address, prefix, ...more] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || more.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}

const IsProxyList = () =>
  ValidateBy({
    name: 'isProxyList',
    validator: {
      validate: (value: unknown) => Array.isArray(value) && value.every(isProxyAddress),
      defaultMessage: () =>
        'TRUST_PROXY must be a comma-separated list of addresses or CIDR ranges (such as 10.0.0.0/8,::1), or loopback, linklocal, uniquelocal',
    },
  });

/** Where Herald's other services answer internal calls, and the token they need: read by the HTTP API and by the CLI. */
export class InternalServicesConfig extends InternalApiConfig {
  /** The policy service, asked for dry runs (`POST /messages/validate`). */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'POLICY_URL must be an http(s) URL' })
  POLICY_URL: string = 'http://127.0.0.1:3001';

  /** The template service, asked for a team's templates and to sync them. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'TEMPLATE_URL must be an http(s) URL' })
  TEMPLATE_URL: string = 'http://127.0.0.1:3002';

  /**
   * The dispatcher, which makes the Graph API calls a team asks for (a customer's media, an upload, a read receipt)
   * with the channel's token: the ingress never holds the key that opens it.
   */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'DISPATCHER_URL must be an http(s) URL' })
  DISPATCHER_URL: string = 'http://127.0.0.1:3003';
}

/** `true` or `false` as the environment spells them; anything else is left for the validator to refuse. */
const booleanSetting = (value: unknown): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/**
 * Which webhook endpoint URLs a team may register, for the HTTP API and the CLI alike (the notifier checks each
 * delivery's resolved address against the same two settings).
 */
export class WebhookUrlPolicyConfig extends InternalServicesConfig {
  /** Development: plain http and private, loopback and link-local addresses are allowed as endpoints. */
  @IsBoolean({ message: 'WEBHOOK_ALLOW_PRIVATE must be true or false' })
  @Transform(({ obj, key }) => booleanSetting((obj as Record<string, unknown>)[key]))
  WEBHOOK_ALLOW_PRIVATE: boolean = false;

  /** Hosts allowed as endpoints though plain http or on a private address (a receiver inside the deployment). */
  @Matches(/^[a-z0-9.:[\]-]+$/i, { each: true, message: 'WEBHOOK_ALLOWED_HOSTS must be a comma-separated list of host names or addresses' })
  @CommaSeparated()
  WEBHOOK_ALLOWED_HOSTS: string[] = [];
}

/**
 * The largest HTTP_BODY_LIMIT allowed: what a body grows into on Kafka (message.ready carries a template's values
 * twice) stays below the topics' largest event, as event-size.spec.ts checks.
 */
export const MAX_HTTP_BODY_LIMIT = 512 * 1024;

/** The CLI's: a person reads its one line of output, so the libraries under it log nothing unless asked to. */
export class CliConfig extends WebhookUrlPolicyConfig {
  override LOG_LEVEL: string = 'silent';
}

export class IngressConfig extends WebhookUrlPolicyConfig {
  override PORT: number = 3000;

  /** The public API: reachable from other machines unless told otherwise. */
  override HOST: string = '0.0.0.0';

  /** With the broker down, the outbox relay and a webhook learn it within a few seconds: the relay backs off, Meta retries. */
  override KAFKA_PRODUCER_RETRIES: number = 3;

  /** The Meta app secret: webhooks are signed with it, and one without a valid signature is refused. */
  @NotTheDevelopmentValue()
  @MinLength(8, { message: 'WHATSAPP_APP_SECRET must be the Meta app secret (at least 8 characters)' })
  @IsString()
  WHATSAPP_APP_SECRET: string;

  /** The token Meta echoes when it verifies the webhook subscription. */
  @NotTheDevelopmentValue()
  @MinLength(8, { message: 'WHATSAPP_VERIFY_TOKEN must be at least 8 characters' })
  @IsString()
  WHATSAPP_VERIFY_TOKEN: string;

  /** Largest request body accepted, in bytes. */
  @Min(1024)
  @Max(MAX_HTTP_BODY_LIMIT)
  @IsInt()
  HTTP_BODY_LIMIT: number = 256 * 1024;

  /** Requests each API key may make per second on each ingress replica; above it, 429 with Retry-After. */
  @Min(1)
  @Max(1_000_000)
  @IsInt()
  RATE_LIMIT_PER_SECOND: number = 2_000;

  /**
   * The reverse proxies in front of the ingress, whose `X-Forwarded-For` names the client: addresses, CIDR ranges
   * or `loopback`/`linklocal`/`uniquelocal`. Empty by default: requests without a valid API key are counted by the
   * address they come from, and a client must not be able to name a new address for a new budget.
   */
  @IsProxyList()
  @CommaSeparated()
  TRUST_PROXY: string[] = [];

  /** How often each replica deletes expired Idempotency-Keys and refused messages' withdrawn rows (RetentionService). */
  @Min(100)
  @Max(24 * 60 * 60 * 1000)
  @IsInt()
  RETENTION_SWEEP_INTERVAL_MS: number = 10 * 60 * 1000;

  /**
   * How often each replica looks for outbox rows nobody relayed yet (another replica's, or those left while Kafka
   * was down); an accept wakes the relay at once. While Kafka refuses, the relay backs off up to ten intervals.
   */
  @Min(10)
  @Max(60 * 1000)
  @IsInt()
  OUTBOX_RELAY_INTERVAL_MS: number = 500;
}
