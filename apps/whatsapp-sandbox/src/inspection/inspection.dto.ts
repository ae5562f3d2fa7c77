import { IsOptional, IsString, Matches } from 'class-validator';

export class ListRecordedSendsQueryDto {
  /** The recipient, in any form with the same digits (`15550001111`, `+1 555 000 1111`). */
  @IsOptional()
  @IsString()
  to?: string;

  @IsOptional()
  @Matches(/^\d+$/, { message: 'phone_number_id must be digits' })
  phone_number_id?: string;
}

export class ListWebhookDeliveriesQueryDto {
  @IsOptional()
  @IsString()
  wamid?: string;
}

export interface ResetResult {
  cleared: { messages: number; webhookDeliveries: number; pendingWebhooksCancelled: number };
}
