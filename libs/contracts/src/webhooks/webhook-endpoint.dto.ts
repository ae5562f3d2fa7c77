import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { WebhookEventType, WebhookEventTypes } from './webhook-events';

/** `POST /webhooks/endpoints`. */
export class CreateWebhookEndpointDto {
  /** `https://...`; plain http and private addresses only where the installation allows them. */
  @ApiProperty({ example: 'https://example.com/herald-webhooks', maxLength: 2048 })
  @IsString()
  @MaxLength(2048)
  url: string;

  @ApiProperty({ enum: WebhookEventTypes, isArray: true, example: ['message.status_changed'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WebhookEventTypes.length)
  @IsIn(WebhookEventTypes, { each: true })
  events: WebhookEventType[];

  @ApiPropertyOptional({ maxLength: 200, example: 'Order system' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** `PATCH /webhooks/endpoints/:uuid`: any of url, events, description, enabled. */
export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional({ example: 'https://example.com/herald-webhooks', maxLength: 2048 })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ enum: WebhookEventTypes, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WebhookEventTypes.length)
  @IsIn(WebhookEventTypes, { each: true })
  events?: WebhookEventType[];

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** An endpoint as the API shows it. The secret only in the answers that make one (create, rotate-secret). */
export interface WebhookEndpointView {
  uuid: string;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  enabled: boolean;
  /** Why Herald disabled it (failing for 24 hours), and when; null while enabled or disabled by the team. */
  disabledReason: string | null;
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
  secret?: string;
}

export const WebhookDeliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WebhookDeliveryStatuses)[number];

/** One attempt to deliver an event. */
export interface WebhookAttemptView {
  at: string;
  /** The receiver's HTTP status; null when no answer came (timeout, refused connection, a refused address). */
  responseCode: number | null;
  latencyMs: number;
  error: string | null;
}

/** A delivery of one event to one endpoint, as `GET /webhooks/deliveries` shows it. */
export interface WebhookDeliveryView {
  id: string;
  endpointUuid: string;
  eventId: string;
  event: string;
  messageUuid: string | null;
  status: WebhookDeliveryStatus;
  attempts: WebhookAttemptView[];
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  payload: unknown;
}
