import { InternalApiConfig } from '@herald/config';
import { IsInt, IsUrl, Matches, Max, Min } from 'class-validator';
import { OlderSecretKeysSetting, SecretKeySetting } from './secret-keys.config';

/** WHATSAPP_API_URL's validation, for every configuration class that calls the Graph API. */
export const WhatsAppApiUrlSetting = (): PropertyDecorator =>
  IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'WHATSAPP_API_URL must be an http(s) URL' });

/** WHATSAPP_API_VERSION's validation. */
export const WhatsAppApiVersionSetting = (): PropertyDecorator => Matches(/^v\d+\.\d+$/, { message: 'WHATSAPP_API_VERSION must look like v23.0' });

/** WHATSAPP_REQUEST_TIMEOUT_MS's validation. */
export const WhatsAppRequestTimeoutSetting = (): PropertyDecorator => (target, property) => {
  // In the order `@Min @Max @IsInt` written on a property applies them.
  IsInt()(target, property);
  Max(120_000)(target, property);
  Min(100)(target, property);
};

/**
 * The settings of a service that calls the WhatsApp Cloud API (the dispatcher sends, the template service syncs);
 * both also serve an internal API. The ingress holds the same settings to fetch customers' media.
 */
export class WhatsAppApiConfig extends InternalApiConfig {
  /** Meta's Graph API host, or the bundled sandbox's address in development. */
  @WhatsAppApiUrlSetting()
  WHATSAPP_API_URL: string = 'https://graph.facebook.com';

  @WhatsAppApiVersionSetting()
  WHATSAPP_API_VERSION: string = 'v23.0';

  @WhatsAppRequestTimeoutSetting()
  WHATSAPP_REQUEST_TIMEOUT_MS: number = 10_000;

  /** Opens the channels' access tokens just before each call (SecretBox); checked at start with the rest. */
  @SecretKeySetting()
  HERALD_SECRET_KEY: string;

  @OlderSecretKeysSetting()
  HERALD_SECRET_KEYS_OLD: string[] = [];
}
