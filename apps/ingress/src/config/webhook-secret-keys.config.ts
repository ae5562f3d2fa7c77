import { CommaSeparated, type HeraldEnvironment, NotTheDevelopmentValue } from '@herald/config';
import { IsIn, Matches } from 'class-validator';

const secretKey = /^\s*([0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)\s*$/;
const keyHelp = '32 random bytes in base64 or hex, such as the output of `openssl rand -base64 32`';

/**
 * The keys webhook endpoints' signing secrets are sealed with (SecretBox). Not HERALD_SECRET_KEY: the ingress seals
 * webhook secrets and must not be able to open the channels' access tokens. Read alone, not with IngressConfig, so
 * that the CLI's other commands work without it.
 */
export class WebhookSecretKeysConfig {
  /** Read so that the development key is refused in production mode. */
  @IsIn(['development', 'production'], { message: 'HERALD_ENV must be development or production' })
  HERALD_ENV: HeraldEnvironment = 'production';

  @NotTheDevelopmentValue()
  @Matches(secretKey, { message: `WEBHOOK_SECRET_KEY must be ${keyHelp}` })
  WEBHOOK_SECRET_KEY: string;

  /** Keys of earlier rotations, comma-separated: they still open what they sealed, and never seal. */
  @Matches(secretKey, { each: true, message: `WEBHOOK_SECRET_KEYS_OLD must be a comma-separated list of keys, each ${keyHelp}` })
  @CommaSeparated()
  WEBHOOK_SECRET_KEYS_OLD: string[] = [];
}
