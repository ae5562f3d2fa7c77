import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { WebhookEventType, WebhookEventTypes } from './webhook-events';

/** `POST /webhooks/endpoints`. */
export class CreateWebhookEndpointDto {
  /** `https://...`; plain http and private addresses only where the installation allows them. */
  @IsString()
  @MaxLength(2048)
  url: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WebhookEventTypes.length)
  @IsIn(WebhookEventTypes, { each: true })
  events: WebhookEventType[];

  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** `PATCH /webhooks/endpoints/:uuid`: any of url, events, description, enabled. */
export class UpdateWebhookEndpointDto {
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WebhookEventTypes.length)
  @IsIn(WebhookEventTypes, { each: true })
  events?: WebhookEventType[];

  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

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
