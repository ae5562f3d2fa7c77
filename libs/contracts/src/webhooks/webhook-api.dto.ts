import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsTimestamp } from '../messages/list-messages.query';
import {
  WebhookAttemptView,
  WebhookDeliveryStatus,
  WebhookDeliveryStatuses,
  WebhookDeliveryView,
  WebhookEndpointView,
} from './webhook-endpoint.dto';
import { WEBHOOK_PING, WebhookEventType, WebhookEventTypes } from './webhook-events';
import { PageQueryDto } from '../pagination';

/** The events a delivery can be of: the ones endpoints subscribe to, and the test ping. */
export const WebhookDeliveryEventTypes = [...WebhookEventTypes, WEBHOOK_PING] as const;

/** A delivery's id: the log's bigint identity, as digits. */
export const WEBHOOK_DELIVERY_ID_PATTERN = /^[1-9]\d{0,18}$/;

/** The query of `GET /webhooks/deliveries`: newest first, a page at a time, filtered. */
export class ListWebhookDeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: "Only this endpoint's deliveries", format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'endpoint must be an endpoint uuid' })
  endpoint?: string;

  @ApiPropertyOptional({ enum: WebhookDeliveryStatuses })
  @IsOptional()
  @IsIn(WebhookDeliveryStatuses)
  status?: WebhookDeliveryStatus;

  @ApiPropertyOptional({ enum: WebhookDeliveryEventTypes })
  @IsOptional()
  @IsIn(WebhookDeliveryEventTypes)
  event?: WebhookEventType | typeof WEBHOOK_PING;

}

/** `POST /webhooks/endpoints/:uuid/replay`: deliver again everything of the endpoint since a time. */
export class ReplayWebhookDeliveriesDto {
  @ApiProperty({ format: 'date-time', example: '2026-11-25T10:00:00Z', description: 'Every delivery made at or after this time' })
  @IsTimestamp('since must be a date-time with its offset, such as 2026-11-25T10:00:00Z')
  since: string;
}

/** Callbell's event names, as `POST /webhooks/subscribe` takes them. */
export const CallbellWebhookEvents = [
  'message_created',
  'message_status_updated',
  'contact_created',
  'contact_updated',
  'contact_deleted',
  'conversation_opened',
  'conversation_closed',
  'agent_session_updated',
  'agent_status_updated',
  'team_membership_updated',
] as const;
export type CallbellWebhookEvent = (typeof CallbellWebhookEvents)[number];

/** A comma-separated list in a query (`a,b`), or the parameter repeated (`?x=a&x=b`). */
const commaSeparated = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter((item) => item.length > 0) : value;

/** Callbell's `POST /webhooks/subscribe`. */
export class CallbellSubscribeDto {
  @ApiProperty({ example: 'https://my-app.com/my-webhook-endpoint', maxLength: 2048 })
  @IsString()
  @MaxLength(2048)
  url: string;

  @ApiProperty({ type: [String], example: ['message_created', 'message_status_updated'], description: 'Callbell event names' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CallbellWebhookEvents.length)
  @IsString({ each: true })
  subscriptions: string[];
}

/** Callbell's `GET /webhooks/events` query. */
export class CallbellWebhookEventsQueryDto {
  @ApiPropertyOptional({ enum: ['success', 'failed'] })
  @IsOptional()
  @IsIn(['success', 'failed'])
  status?: 'success' | 'failed';

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Max(1_000_000)
  @Min(1)
  @IsInt({ message: 'page must be a whole number' })
  @Type(() => Number)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Max(100)
  @Min(1)
  @IsInt({ message: 'items must be a whole number' })
  @Type(() => Number)
  items?: number;

  @ApiPropertyOptional({ type: String, description: 'Comma-separated Callbell event names', example: 'message_created,message_status_updated' })
  @IsOptional()
  @ArrayMaxSize(CallbellWebhookEvents.length)
  @Matches(/^[a-z_]{1,40}$/, { each: true, message: 'subscriptions must be Callbell event names' })
  @IsArray()
  @Transform(commaSeparated)
  subscriptions?: string[];
}

/** `POST /webhooks/subscribe`'s answer: Callbell's Webhook object. */
export interface CallbellWebhook {
  url: string;
  subscriptions: CallbellWebhookEvent[];
  /** ISO 8601, to the second. */
  createdAt: string;
  enabled: boolean;
}

/** An entry of `GET /webhooks/events`: Callbell's WebhookEvent object. */
export interface CallbellWebhookEventEntry {
  /** Callbell's name of the event; Herald's own for an event Callbell has none for (`ping`, `channel.unhealthy`). */
  event: string;
  payload: unknown;
  /** The receiver's last answer: Herald keeps its status code, not its body or headers. */
  response: { body: Record<string, never>; code: number | null; headers: Record<string, never> };
  success: boolean;
  createdAt: string;
}

export interface CallbellWebhookEventsResponse {
  webhook_events: CallbellWebhookEventEntry[];
  meta: { page: number; pages: number };
}

/** OpenAPI schemas of the answers. */
export class WebhookEndpointViewDto implements WebhookEndpointView {
  @ApiProperty({ format: 'uuid' })
  uuid: string;

  @ApiProperty({ example: 'https://example.com/herald-webhooks' })
  url: string;

  @ApiProperty({ enum: WebhookEventTypes, isArray: true })
  events: WebhookEventType[];

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty()
  enabled: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'Why Herald disabled it (failing for 24 hours)' })
  disabledReason: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  disabledAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiPropertyOptional({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'Only when made (create, rotate-secret): shown once' })
  secret?: string;
}

export class WebhookEndpointListResponseDto {
  @ApiProperty({ type: [WebhookEndpointViewDto] })
  endpoints: WebhookEndpointViewDto[];
}

export class WebhookAttemptViewDto implements WebhookAttemptView {
  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ type: Number, nullable: true, example: 500 })
  responseCode: number | null;

  @ApiProperty({ example: 120 })
  latencyMs: number;

  @ApiProperty({ type: String, nullable: true, example: 'timeout after 10000 ms' })
  error: string | null;
}

export class WebhookDeliveryViewDto implements WebhookDeliveryView {
  @ApiProperty({ example: '4711' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  endpointUuid: string;

  @ApiProperty({ example: 'evt_2b6f0cc904d137be2e1730235f5664094b831186' })
  eventId: string;

  @ApiProperty({ enum: WebhookDeliveryEventTypes })
  event: string;

  @ApiProperty({ type: String, nullable: true })
  messageUuid: string | null;

  @ApiProperty({ enum: WebhookDeliveryStatuses })
  status: WebhookDeliveryStatus;

  @ApiProperty({ type: [WebhookAttemptViewDto] })
  attempts: WebhookAttemptViewDto[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextAttemptAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveredAt: string | null;

  @ApiProperty({ type: Object, description: 'The body delivered: { id, type, timestamp, data }' })
  payload: unknown;
}

export class WebhookDeliveryListResponseDto {
  @ApiProperty({ type: [WebhookDeliveryViewDto] })
  deliveries: WebhookDeliveryViewDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' })
  nextCursor: string | null;
}

export class WebhookReplayResponseDto {
  @ApiProperty({ example: 12, description: 'How many deliveries were queued again' })
  replayed: number;
}

export class CallbellWebhookDto implements CallbellWebhook {
  @ApiProperty({ example: 'https://my-app.com/my-webhook-endpoint' })
  url: string;

  @ApiProperty({ enum: CallbellWebhookEvents, isArray: true })
  subscriptions: CallbellWebhookEvent[];

  @ApiProperty({ example: '2022-10-18T15:01:20Z' })
  createdAt: string;

  @ApiProperty()
  enabled: boolean;
}

export class CallbellWebhookResponseDto {
  @ApiProperty({ type: CallbellWebhookDto })
  webhook: CallbellWebhookDto;
}

export class CallbellUnsubscribeResponseDto {
  @ApiProperty({ example: 'webhook was destroyed' })
  status: string;
}

class CallbellWebhookResponseRecordDto {
  @ApiProperty({ type: Object, example: {} })
  body: Record<string, never>;

  @ApiProperty({ type: Number, nullable: true, example: 200 })
  code: number | null;

  @ApiProperty({ type: Object, example: {} })
  headers: Record<string, never>;
}

export class CallbellWebhookEventDto implements CallbellWebhookEventEntry {
  @ApiProperty({ example: 'message_created' })
  event: string;

  @ApiProperty({ type: Object, description: "The delivered event's data" })
  payload: unknown;

  @ApiProperty({ type: CallbellWebhookResponseRecordDto })
  response: CallbellWebhookResponseRecordDto;

  @ApiProperty({ description: 'Whether the receiver took it (2xx)' })
  success: boolean;

  @ApiProperty({ example: '2022-11-08T15:41:49Z' })
  createdAt: string;
}

class CallbellPageMetaDto {
  @ApiProperty({ example: 1 })
  page: number;

  @ApiProperty({ example: 2 })
  pages: number;
}

/** Callbell spells this answer's list in snake_case, and so does Herald here. */
export class CallbellWebhookEventsResponseDto implements CallbellWebhookEventsResponse {
  @ApiProperty({ type: [CallbellWebhookEventDto] })
  webhook_events: CallbellWebhookEventDto[];

  @ApiProperty({ type: CallbellPageMetaDto })
  meta: CallbellPageMetaDto;
}
