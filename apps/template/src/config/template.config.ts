import { WhatsAppApiConfig } from '@herald/whatsapp';
import { IsInt, Max, Min } from 'class-validator';

export class TemplateConfig extends WhatsAppApiConfig {
  override PORT: number = 3002;

  /** How often every account's templates are synced from WhatsApp (Meta pauses, rejects and approves them). */
  @Min(10_000)
  @Max(24 * 60 * 60 * 1000)
  @IsInt()
  TEMPLATE_SYNC_INTERVAL_MS: number = 15 * 60 * 1000;

  /**
   * A message naming a template the store does not have syncs its account, unless the account was synced within
   * this many ms: a burst of such messages costs WhatsApp one listing, not one each.
   */
  @Min(0)
  @Max(24 * 60 * 60 * 1000)
  @IsInt()
  TEMPLATE_ON_DEMAND_SYNC_AFTER_MS: number = 30_000;
}
