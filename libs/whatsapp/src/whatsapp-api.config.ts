import { InternalApiConfig } from '@herald/config';
import { IsInt, IsUrl, Matches, Max, Min } from 'class-validator';
import { OlderSecretKeysSetting, SecretKeySetting } from './secret-keys.config';

/**
 * The settings of a service that calls the WhatsApp Cloud API (the dispatcher sends, the template service syncs);
 * both also serve an internal API.
 */
export class WhatsAppApiConfig extends InternalApiConfig {
  /** Meta's Graph API host, or the bundled sandbox's address in development. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'WHATSAPP_API_URL must be an http(s) URL' })
  WHATSAPP_API_URL: string = 'https://graph.facebook.com';

  @Matches(/^v\d+\.\d+$/, { message: 'WHATSAPP_API_VERSION must look like v23.0' })
  WHATSAPP_API_VERSION: string = 'v23.0';

  @Min(100)
  @Max(120_000)
  @IsInt()
  WHATSAPP_REQUEST_TIMEOUT_MS: number = 10_000;

  /** Opens the channels' access tokens just before each call (SecretBox); checked at start with the rest. */
  @SecretKeySetting()
  HERALD_SECRET_KEY: string;

  @OlderSecretKeysSetting()
  HERALD_SECRET_KEYS_OLD: string[] = [];
}
