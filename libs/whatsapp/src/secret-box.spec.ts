import { randomBytes } from 'node:crypto';
import { ConfigError, DEVELOPMENT_SETTINGS, loadConfig } from '@herald/config';
import { sealedSecretPattern } from '@herald/contracts';
import { parseSecretKey, SecretBox, SecretBoxError, secretKeyId } from './secret-box';
import { SecretKeysConfig } from './secret-keys.config';
import { WhatsAppApiConfig } from './whatsapp-api.config';

const token = 'EAAG-distinctive-access-token-0123456789';

describe('SecretBox', () => {
  const key = randomBytes(32);

  it('opens what it sealed, and seals the same secret differently each time', () => {
    const box = new SecretBox(key);
    const first = box.seal(token);
    const second = box.seal(token);

    expect(first).toMatch(sealedSecretPattern);
    expect(first).not.toContain(token);
    expect(first).not.toBe(second);
    expect(box.open(first)).toBe(token);
    expect(box.open(second)).toBe(token);
    expect(first.split('.')[1]).toBe(secretKeyId(key));
  });

  it('refuses a sealed secret altered anywhere: its ciphertext, its tag, its iv or its key id', () => {
    const other = randomBytes(32);
    const box = new SecretBox(key, [other]);
    const sealed = box.seal(token);
    const [version, keyId, iv, body] = sealed.split('.');
    const flip = (text: string, at: number) => {
      const bytes = Buffer.from(text, 'base64url');
      bytes[at] ^= 1;
      return bytes.toString('base64url');
    };

    expect(() => box.open([version, keyId, iv, flip(body, 0)].join('.'))).toThrow(SecretBoxError);
    expect(() => box.open([version, keyId, iv, flip(body, Buffer.from(body, 'base64url').length - 1)].join('.'))).toThrow(SecretBoxError);
    expect(() => box.open([version, keyId, flip(iv, 0), body].join('.'))).toThrow(SecretBoxError);
    expect(() => box.open([version, secretKeyId(other), iv, body].join('.'))).toThrow('it was altered');
    expect(() => box.open(token)).toThrow('not a sealed secret');
  });

  it('does not open with another key, and says which key it needs', () => {
    const sealed = new SecretBox(key).seal(token);

    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow(`sealed under key ${secretKeyId(key)}`);
  });

  it('rotates: the new key seals, the old one still opens what it sealed, and tells what to seal again', () => {
    const oldKey = randomBytes(32);
    const sealedBefore = new SecretBox(oldKey).seal(token);
    const rotated = new SecretBox(key, [oldKey]);
    const sealedAfter = rotated.seal(token);

    expect(rotated.open(sealedBefore)).toBe(token);
    expect(sealedAfter.split('.')[1]).toBe(secretKeyId(key));
    expect(rotated.isCurrent(sealedBefore)).toBe(false);
    expect(rotated.isCurrent(sealedAfter)).toBe(true);
    expect(() => new SecretBox(key).open(sealedBefore)).toThrow(SecretBoxError);
  });

  it('reads its keys from the environment, in hex or base64, and names a bad one without showing it', () => {
    const hex = randomBytes(32).toString('hex');
    const base64 = randomBytes(32).toString('base64');
    const box = SecretBox.fromConfig(loadConfig(SecretKeysConfig, { HERALD_SECRET_KEY: hex, HERALD_SECRET_KEYS_OLD: `${base64}, ${randomBytes(32).toString('hex')}` }));
    const sealedByOld = new SecretBox(parseSecretKey(base64) as Buffer).seal(token);

    expect(box.open(sealedByOld)).toBe(token);
    expect(() => loadConfig(SecretKeysConfig, {})).toThrow(/HERALD_SECRET_KEY must be 32 random bytes in base64 or hex/);
    let problem: ConfigError | undefined;
    try {
      loadConfig(SecretKeysConfig, { HERALD_SECRET_KEY: 'short-but-secret', HERALD_SECRET_KEYS_OLD: 'also-secret' });
    } catch (error) {
      problem = error as ConfigError;
    }
    expect(problem?.problems).toHaveLength(2);
    expect(problem?.message).not.toMatch(/short-but-secret|also-secret/);
  });

  it("takes the published development key only in development mode, where it is the default", () => {
    const developmentKey = DEVELOPMENT_SETTINGS.HERALD_SECRET_KEY;
    expect(loadConfig(SecretKeysConfig, { HERALD_ENV: 'development' }).HERALD_SECRET_KEY).toBe(developmentKey);
    expect(() => loadConfig(SecretKeysConfig, { HERALD_SECRET_KEY: developmentKey })).toThrow(/HERALD_SECRET_KEY is the development value/);
  });

  it('is required, with the rest of its settings, by a service that calls WhatsApp', () => {
    expect(() => loadConfig(WhatsAppApiConfig, {})).toThrow(/HERALD_SECRET_KEY must be 32 random bytes/);
    const config = loadConfig(WhatsAppApiConfig, { HERALD_SECRET_KEY: key.toString('hex'), INTERNAL_API_TOKEN: 'this-deployment-s-own-token' });
    expect(SecretBox.fromConfig(config).open(new SecretBox(key).seal(token))).toBe(token);
  });

  it('takes keys of 32 bytes only', () => {
    expect(parseSecretKey(randomBytes(31).toString('hex'))).toBeUndefined();
    expect(parseSecretKey(randomBytes(33).toString('base64'))).toBeUndefined();
    expect(parseSecretKey(randomBytes(32).toString('base64url'))).toHaveLength(32);
  });
});
