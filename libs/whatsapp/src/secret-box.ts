import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { sealedSecretPattern, type SealedSecret } from '@herald/contracts';
import { loadConfig } from '@herald/config';
import { SecretKeysConfig } from './secret-keys.config';
import { WhatsAppApiConfig } from './whatsapp-api.config';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed secret that none of the keys opens: sealed under a key retired too early, or altered. */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/** A key as HERALD_SECRET_KEY gives it: 32 bytes in hex (64 digits) or base64 (44 characters, or 43 unpadded). */
export function parseSecretKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return key.length === 32 ? key : undefined;
  }
  return undefined;
}

/** Names a key without revealing it: the first 8 hex digits of its SHA-256. */
export function secretKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * Seals and opens secrets (WhatsApp access tokens) with AES-256-GCM. It seals with the current key and opens with
 * the current key or any older one it was given, so a key can be rotated: add the new one, keep the old one among
 * the older keys until every stored secret has been sealed again, then drop it.
 */
export class SecretBox {
  private readonly currentId: string;
  private readonly keys = new Map<string, Buffer>();

  constructor(current: Buffer, older: Buffer[] = []) {
    for (const key of [current, ...older]) {
      if (key.length !== 32) throw new SecretBoxError('a secret key is 32 bytes');
      this.keys.set(secretKeyId(key), key);
    }
    this.currentId = secretKeyId(current);
    // The current key wins when an older one is the same key given twice.
    this.keys.set(this.currentId, current);
  }

  static fromConfig(config: Pick<SecretKeysConfig, 'HERALD_SECRET_KEY' | 'HERALD_SECRET_KEYS_OLD'>): SecretBox {
    const parse = (text: string) => parseSecretKey(text) as Buffer; // validated by SecretKeysConfig
    return new SecretBox(parse(config.HERALD_SECRET_KEY), config.HERALD_SECRET_KEYS_OLD.map(parse));
  }

  /** The box of this process's environment; a missing or malformed key throws a ConfigError that says so. */
  static fromEnvironment(): SecretBox {
    return SecretBox.fromConfig(loadConfig(SecretKeysConfig));
  }

  seal(secret: string): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const header = `${VERSION}.${this.currentId}`;
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentId) as Buffer, iv);
    // The header is authenticated too: a sealed secret whose key id was altered does not open.
    cipher.setAAD(Buffer.from(header, 'utf8'));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${header}.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
  }

  open(sealed: SealedSecret): string {
    if (!sealedSecretPattern.test(sealed)) throw new SecretBoxError('not a sealed secret');
    const [version, keyId, iv, body] = sealed.split('.');
    const key = this.keys.get(keyId);
    if (!key) throw new SecretBoxError(`sealed under key ${keyId}, which is neither HERALD_SECRET_KEY nor among HERALD_SECRET_KEYS_OLD`);
    const bytes = Buffer.from(body, 'base64url');
    if (bytes.length <= TAG_BYTES) throw new SecretBoxError('not a sealed secret');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(`${version}.${keyId}`, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError(`sealed secret under key ${keyId} does not open: it was altered`);
    }
  }

  /** Whether this secret is sealed under the current key (else it should be sealed again, during a rotation). */
  isCurrent(sealed: SealedSecret): boolean {
    return sealed.split('.')[1] === this.currentId;
  }
}

/** The SecretBox of a service that opens tokens (its WhatsAppApiConfig holds the keys), as a Nest provider. */
export const secretBoxProvider = {
  provide: SecretBox,
  useFactory: (config: WhatsAppApiConfig): SecretBox => SecretBox.fromConfig(config),
  inject: [WhatsAppApiConfig],
};
