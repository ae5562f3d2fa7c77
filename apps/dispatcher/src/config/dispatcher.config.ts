import { BaseConfig } from '@herald/config';
import { IsInt, IsUrl, Matches, Max, Min } from 'class-validator';

export class DispatcherConfig extends BaseConfig {
  override PORT: number = 3003;

  /** Meta's Graph API host, or the bundled sandbox's address in development. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'WHATSAPP_API_URL must be an http(s) URL' })
  WHATSAPP_API_URL: string = 'https://graph.facebook.com';

  @Matches(/^v\d+\.\d+$/, { message: 'WHATSAPP_API_VERSION must look like v23.0' })
  WHATSAPP_API_VERSION: string = 'v23.0';

  @Min(100)
  @Max(120_000)
  @IsInt()
  WHATSAPP_REQUEST_TIMEOUT_MS: number = 10_000;

  /** Attempts per message for throttled or transient provider errors, before it fails as provider_unavailable. */
  @Min(1)
  @Max(20)
  @IsInt()
  DISPATCH_MAX_ATTEMPTS: number = 5;

  @Min(10)
  @Max(60_000)
  @IsInt()
  DISPATCH_RETRY_BASE_MS: number = 500;

  @Min(10)
  @Max(300_000)
  @IsInt()
  DISPATCH_RETRY_MAX_MS: number = 10_000;
}
