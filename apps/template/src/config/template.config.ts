import { WhatsAppApiConfig } from '@herald/whatsapp';
import { IsInt, Max, Min } from 'class-validator';

export class TemplateConfig extends WhatsAppApiConfig {
  override PORT: number = 3002;

  /** How often every account's templates are synced from WhatsApp (Meta pauses, rejects and approves them). */
  @Min(10_000)
  @Max(24 * 60 * 60 * 1000)
  @IsInt()
  TEMPLATE_SYNC_INTERVAL_MS: number = 15 * 60 * 1000;
}
