import { WhatsAppApiConfig } from '@herald/whatsapp';
import { IsInt, Max, Min } from 'class-validator';

export class DispatcherConfig extends WhatsAppApiConfig {
  override PORT: number = 3003;

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
