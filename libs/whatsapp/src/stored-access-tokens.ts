import { ConfigError } from '@herald/config';
import { SecretBox } from './secret-box';

type Query = (sql: string, parameters?: unknown[]) => Promise<unknown>;

/**
 * The migration each service with a `channels` table runs once: `access_token` becomes `access_token_sealed`, and
 * any token already stored is sealed in place. HERALD_SECRET_KEY is needed only when there is a token to seal, so a
 * new installation migrates without it.
 */
export async function sealStoredAccessTokens(query: Query, service: string): Promise<void> {
  await query(`ALTER TABLE channels RENAME COLUMN access_token TO access_token_sealed`);
  const rows = (await query(`SELECT uuid, access_token_sealed AS token FROM channels`)) as Array<{ uuid: string; token: string }>;
  if (rows.length === 0) return;
  const box = boxFor(rows.length, service);
  for (const { uuid, token } of rows) {
    await query(`UPDATE channels SET access_token_sealed = $2 WHERE uuid = $1`, [uuid, box.seal(token)]);
  }
}

/** The way back: the sealed tokens opened again into `access_token`. */
export async function openStoredAccessTokens(query: Query, service: string): Promise<void> {
  const rows = (await query(`SELECT uuid, access_token_sealed AS sealed FROM channels`)) as Array<{ uuid: string; sealed: string }>;
  const box = rows.length > 0 ? boxFor(rows.length, service) : undefined;
  for (const { uuid, sealed } of rows) {
    await query(`UPDATE channels SET access_token_sealed = $2 WHERE uuid = $1`, [uuid, box?.open(sealed)]);
  }
  await query(`ALTER TABLE channels RENAME COLUMN access_token_sealed TO access_token`);
}

function boxFor(tokens: number, service: string): SecretBox {
  try {
    return SecretBox.fromEnvironment();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new Error(`the ${service} database holds ${tokens} access token(s) to seal: ${error.problems.join('; ')}`);
  }
}
