import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { loadConfig } from '@herald/config';
import type { SealedSecret } from '@herald/contracts';
import { parseSecretKey, SecretBox } from '@herald/whatsapp';
import { WebhookSecretKeysConfig } from '../config/webhook-secret-keys.config';

/** A new endpoint signing secret: Standard Webhooks' `whsec_` and 24 random bytes in base64. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

/** Seals endpoint secrets under WEBHOOK_SECRET_KEY; the notifier opens them with the same key to sign. */
export interface WebhookSecretSealer {
  seal(secret: string): SealedSecret;
}

/**
 * The sealer of this process's environment, built when first used: the HTTP API checks the key at start
 * (WebhookEndpointsModule), the CLI only in a command that makes a secret.
 */
@Injectable()
export class WebhookSecrets implements WebhookSecretSealer {
  private box?: SecretBox;

  seal(secret: string): SealedSecret {
    return this.secretBox().seal(secret);
  }

  /** Throws the ConfigError that names a missing or malformed key. */
  check(): void {
    this.secretBox();
  }

  private secretBox(): SecretBox {
    if (!this.box) {
      const config = loadConfig(WebhookSecretKeysConfig);
      // Both validated by WebhookSecretKeysConfig.
      const parse = (text: string) => parseSecretKey(text) as Buffer;
      this.box = new SecretBox(parse(config.WEBHOOK_SECRET_KEY), config.WEBHOOK_SECRET_KEYS_OLD.map(parse));
    }
    return this.box;
  }
}
