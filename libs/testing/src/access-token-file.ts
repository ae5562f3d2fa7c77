import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A file holding `token`, readable by its owner only, for `channels add|set --access-token-file`. */
export function accessTokenFile(token: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'herald-token-')), 'access-token');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return file;
}
