import { InternalApiConfig } from '@herald/config';
import { Transform } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
} from 'class-validator';

const digitsOnly = /^\d{1,20}$/;

/** "50, 100,200" → [50, 100, 200]; anything that is not a whole number stays as it is, for the validator to name. */
const CommaSeparatedNumbers = () =>
  Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
          .map((item) => (/^\d+$/.test(item) ? Number(item) : item))
      : value,
  );

interface DelayListRules {
  /** Exactly this many delays. */
  count?: number;
  maxCount?: number;
  maxMs: number;
  nonDecreasing?: boolean;
  example: string;
}

/** What is wrong with a list of delays, in one sentence; undefined when nothing is. */
function delayListProblem(value: unknown, rules: DelayListRules): string | undefined {
  if (!Array.isArray(value))
    return `must be a comma-separated list of milliseconds, such as ${rules.example}`;
  if (rules.count !== undefined && value.length !== rules.count) {
    return `must be ${rules.count} delays in milliseconds, such as ${rules.example}`;
  }
  if (rules.maxCount !== undefined && value.length > rules.maxCount)
    return `may hold at most ${rules.maxCount} delays`;
  if (!value.every((item) => Number.isInteger(item) && item >= 0))
    return 'must hold whole numbers of milliseconds';
  if (!value.every((item) => item <= rules.maxMs)) return `must hold delays of at most ${rules.maxMs} ms`;
  if (rules.nonDecreasing && !value.every((item, index) => index === 0 || item >= value[index - 1])) {
    return 'must not decrease: each delay is counted from the send';
  }
  return undefined;
}

/** One check, one sentence, for a list of delays (a single validator, so its message never depends on order). */
const IsDelayList = (rules: DelayListRules) =>
  ValidateBy({
    name: 'isDelayList',
    validator: {
      validate: (value: unknown) => delayListProblem(value, rules) === undefined,
      defaultMessage: (args) => `${args?.property} ${delayListProblem(args?.value, rules)}`,
    },
  });

/** Its control endpoints (`/_sandbox/*`) need the internal API token; the Graph API keeps Meta's own tokens. */
export class SandboxConfig extends InternalApiConfig {
  override PORT: number = 3100;

  /** The Meta app secret: the sandbox signs every webhook with it, exactly as Meta does. */
  // Written below MinLength because class-validator runs a property's checks bottom-up and loadConfig stops at the
  // first failure: a missing secret should be reported as missing.
  @MinLength(8, { message: 'WHATSAPP_APP_SECRET must be at least 8 characters' })
  @IsString({ message: 'WHATSAPP_APP_SECRET must be set to the app secret the ingress checks webhooks with' })
  WHATSAPP_APP_SECRET: string;

  /** Where status webhooks go: the ingress's WhatsApp webhook endpoint. */
  @IsUrl(
    { require_protocol: true, protocols: ['http', 'https'], require_tld: false },
    { message: 'WEBHOOK_URL must be an http(s) URL, such as http://127.0.0.1:3000/webhooks/whatsapp' },
  )
  WEBHOOK_URL: string = 'http://127.0.0.1:3000/webhooks/whatsapp';

  /** When set, the only bearer token the Graph API endpoints accept; when not, any non-empty token is accepted. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  SANDBOX_ACCESS_TOKEN?: string;

  /**
   * When the `sent`, `delivered` and `read` webhooks of a message go out, in milliseconds after its send was
   * accepted (each counted from the send, not from the previous webhook). Set as "50,100,200".
   */
  @CommaSeparatedNumbers()
  @IsDelayList({
    count: 3,
    maxMs: 3_600_000,
    nonDecreasing: true,
    example: '50,100,200 (sent,delivered,read)',
  })
  SANDBOX_WEBHOOK_DELAYS_MS: number[] = [50, 100, 200];

  /**
   * Pauses before each new attempt at a webhook the receiver did not take (non-2xx or unreachable), in ms.
   * Four pauses make five attempts, the last one about 30 s after the first at most. Meta retries for days.
   */
  @CommaSeparatedNumbers()
  @IsDelayList({ maxCount: 20, maxMs: 600_000, example: '1000,2000,4000,8000' })
  SANDBOX_WEBHOOK_RETRY_DELAYS_MS: number[] = [1_000, 2_000, 4_000, 8_000];

  /** How long one webhook attempt may take before it counts as failed, in ms. */
  @IsInt({ message: 'SANDBOX_WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(100)
  @Max(60_000)
  SANDBOX_WEBHOOK_TIMEOUT_MS: number = 3_000;

  /**
   * Connections the sandbox keeps open to the webhook receiver at most; further webhooks wait for one (their
   * timeout starts once they have it). Without a bound, a receiver that slows down is sent a new connection per webhook, and both
   * ends spend their memory and CPU on sockets instead of webhooks.
   */
  @IsInt({ message: 'SANDBOX_WEBHOOK_CONNECTIONS must be a whole number' })
  @Min(1)
  @Max(1_024)
  SANDBOX_WEBHOOK_CONNECTIONS: number = 32;

  /** Added before every Graph API answer, to stand in for the real API's round trip. */
  @IsInt({ message: 'SANDBOX_RESPONSE_LATENCY_MS must be a whole number of milliseconds' })
  @Min(0)
  @Max(60_000)
  SANDBOX_RESPONSE_LATENCY_MS: number = 0;

  /** Answer 130429 to sends above this many per second per business number, as Meta does; 0 for no limit. */
  @IsInt({ message: 'SANDBOX_RATE_LIMIT_PER_SECOND must be a whole number of messages' })
  @Min(0)
  @Max(100_000)
  SANDBOX_RATE_LIMIT_PER_SECOND: number = 0;

  /** The WhatsApp Business Account the webhooks come from (`entry[].id`). */
  @Matches(digitsOnly, { message: 'SANDBOX_WABA_ID must be digits, as Meta ids are' })
  SANDBOX_WABA_ID: string = '100000000000001';

  /** The business phone number id the sandbox advertises; sends to any phone number id are accepted all the same. */
  @Matches(digitsOnly, { message: 'SANDBOX_PHONE_NUMBER_ID must be digits, as Meta ids are' })
  SANDBOX_PHONE_NUMBER_ID: string = '100000000000002';

  /** `metadata.display_phone_number` of the webhooks. */
  @Matches(/^\d{7,15}$/, { message: 'SANDBOX_DISPLAY_PHONE_NUMBER must be the digits of a phone number' })
  SANDBOX_DISPLAY_PHONE_NUMBER: string = '15550009999';

  /**
   * Whether debug lines are written. The hot paths ask before building one: handing a line to Nest's logger costs
   * even when pino drops it, and there are four a message.
   */
  get debugLogging(): boolean {
    return this.LOG_LEVEL === 'debug' || this.LOG_LEVEL === 'trace';
  }
}
