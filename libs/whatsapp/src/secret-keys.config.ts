import { CommaSeparated } from '@herald/config';
import { Matches } from 'class-validator';

const secretKey = /^\s*([0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)\s*$/;
const keyHelp = '32 random bytes in base64 or hex, such as the output of `openssl rand -base64 32`';

/**
 * The keys WhatsApp access tokens are sealed with (SecretBox). Read only where a token is sealed or opened: the
 * CLI and the demo seed (which seal), the template and dispatcher services (which open), and a migration that
 * seals tokens stored before they were sealed.
 */
export class SecretKeysConfig {
  @Matches(secretKey, { message: `HERALD_SECRET_KEY must be ${keyHelp}` })
  HERALD_SECRET_KEY: string;

  /** Keys of earlier rotations, comma-separated: they still open what they sealed, and never seal. */
  @Matches(secretKey, { each: true, message: `HERALD_SECRET_KEYS_OLD must be a comma-separated list of keys, each ${keyHelp}` })
  @CommaSeparated()
  HERALD_SECRET_KEYS_OLD: string[] = [];
}
