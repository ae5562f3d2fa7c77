import { CommaSeparated, type HeraldEnvironment, NotTheDevelopmentValue } from '@herald/config';
import { IsIn, Matches } from 'class-validator';

const secretKey = /^\s*([0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)\s*$/;
const keyHelp = '32 random bytes in base64 or hex, such as the output of `openssl rand -base64 32`';

/** HERALD_SECRET_KEY's validation, for every configuration class that holds it (with HERALD_ENV beside it). */
export const SecretKeySetting = (): PropertyDecorator => (target, property) => {
  NotTheDevelopmentValue()(target, property);
  Matches(secretKey, { message: `HERALD_SECRET_KEY must be ${keyHelp}` })(target, property);
};

/** HERALD_SECRET_KEYS_OLD's validation and conversion from a comma-separated list. */
export const OlderSecretKeysSetting = (): PropertyDecorator => (target, property) => {
  Matches(secretKey, { each: true, message: `HERALD_SECRET_KEYS_OLD must be a comma-separated list of keys, each ${keyHelp}` })(target, property);
  CommaSeparated()(target, property);
};

/**
 * The keys WhatsApp access tokens are sealed with (SecretBox), alone: for the CLI and the demo seed (which seal),
 * and a migration that seals tokens stored before they were sealed. The services that open tokens hold the same
 * two settings in WhatsAppApiConfig.
 */
export class SecretKeysConfig {
  /** Read so that the development key is refused in production mode (SecretKeySetting). */
  @IsIn(['development', 'production'], { message: 'HERALD_ENV must be development or production' })
  HERALD_ENV: HeraldEnvironment = 'production';

  @SecretKeySetting()
  HERALD_SECRET_KEY: string;

  /** Keys of earlier rotations, comma-separated: they still open what they sealed, and never seal. */
  @OlderSecretKeysSetting()
  HERALD_SECRET_KEYS_OLD: string[] = [];
}
