import { BaseConfig } from '@herald/config';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
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

const IsNonDecreasing = (message: string) =>
  ValidateBy({
    name: 'isNonDecreasing',
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) && value.every((item, index) => index === 0 || Number(item) >= Number(value[index - 1])),
      defaultMessage: () => message,
    },
  });

export class SandboxConfig extends BaseConfig {
  override PORT = 3100;

  /** The Meta app secret: the sandbox signs every webhook with it, exactly as Meta does. */
  @IsString({ message: 'WHATSAPP_APP_SECRET must be set to the app secret the ingress checks webhooks with' })
  @MinLength(8, { message: 'WHATSAPP_APP_SECRET must be at least 8 characters' })
  WHATSAPP_APP_SECRET: string;

  /** Where status webhooks go: the ingress's WhatsApp webhook endpoint. */
  @IsUrl(
    { require_protocol: true, protocols: ['http', 'https'], require_tld: false },
    { message: 'WEBHOOK_URL must be an http(s) URL, such as http://127.0.0.1:3000/webhooks/whatsapp' },
  )
  WEBHOOK_URL = 'http://127.0.0.1:3000/webhooks/whatsapp';

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
  @ArrayMinSize(3, { message: 'SANDBOX_WEBHOOK_DELAYS_MS must be three delays in ms (sent,delivered,read), such as 50,100,200' })
  @ArrayMaxSize(3, { message: 'SANDBOX_WEBHOOK_DELAYS_MS must be three delays in ms (sent,delivered,read), such as 50,100,200' })
  @IsInt({ each: true, message: 'SANDBOX_WEBHOOK_DELAYS_MS must hold whole numbers of milliseconds' })
  @Min(0, { each: true, message: 'SANDBOX_WEBHOOK_DELAYS_MS must not hold negative delays' })
  @Max(3_600_000, { each: true, message: 'SANDBOX_WEBHOOK_DELAYS_MS delays must be at most one hour' })
  @IsNonDecreasing('SANDBOX_WEBHOOK_DELAYS_MS must not decrease: each delay is counted from the send')
  SANDBOX_WEBHOOK_DELAYS_MS: number[] = [50, 100, 200];

  /**
   * Pauses before each new attempt at a webhook the receiver did not take (non-2xx or unreachable), in ms.
   * Four pauses make five attempts, the last one about 30 s after the first at most. Meta retries for days.
   */
  @CommaSeparatedNumbers()
  @ArrayMaxSize(20, { message: 'SANDBOX_WEBHOOK_RETRY_DELAYS_MS may hold at most 20 pauses' })
  @IsInt({ each: true, message: 'SANDBOX_WEBHOOK_RETRY_DELAYS_MS must hold whole numbers of milliseconds' })
  @Min(0, { each: true, message: 'SANDBOX_WEBHOOK_RETRY_DELAYS_MS must not hold negative pauses' })
  @Max(600_000, { each: true, message: 'SANDBOX_WEBHOOK_RETRY_DELAYS_MS pauses must be at most ten minutes' })
  SANDBOX_WEBHOOK_RETRY_DELAYS_MS: number[] = [1_000, 2_000, 4_000, 8_000];

  /** How long one webhook attempt may take before it counts as failed, in ms. */
  @IsInt({ message: 'SANDBOX_WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(100)
  @Max(60_000)
  SANDBOX_WEBHOOK_TIMEOUT_MS = 3_000;

  /** Added before every Graph API answer, to stand in for the real API's round trip. */
  @IsInt({ message: 'SANDBOX_RESPONSE_LATENCY_MS must be a whole number of milliseconds' })
  @Min(0)
  @Max(60_000)
  SANDBOX_RESPONSE_LATENCY_MS = 0;

  /** The WhatsApp Business Account the webhooks come from (`entry[].id`). */
  @Matches(digitsOnly, { message: 'SANDBOX_WABA_ID must be digits, as Meta ids are' })
  SANDBOX_WABA_ID = '100000000000001';

  /** The business phone number id the sandbox advertises; sends to any phone number id are accepted all the same. */
  @Matches(digitsOnly, { message: 'SANDBOX_PHONE_NUMBER_ID must be digits, as Meta ids are' })
  SANDBOX_PHONE_NUMBER_ID = '100000000000002';

  /** `metadata.display_phone_number` of the webhooks. */
  @Matches(/^\d{7,15}$/, { message: 'SANDBOX_DISPLAY_PHONE_NUMBER must be the digits of a phone number' })
  SANDBOX_DISPLAY_PHONE_NUMBER = '15550009999';
}
