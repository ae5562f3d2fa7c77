import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { WebhookDeliveryStatus } from '@herald/contracts';
import { WebhookDelivery } from './webhook-delivery.entity';
import { DataSource, FindOptionsWhere, In } from 'typeorm';

/** A page of one endpoint's deliveries by number, as Callbell's `GET /webhooks/events` asks for it. */
export interface NumberedPageFilter {
  statuses?: WebhookDeliveryStatus[];
  eventTypes?: string[];
  offset: number;
  limit: number;
}

/**
 * The delivery-log reads the API needs beyond WebhookDeliveriesRepository's: one delivery by its event id (the
 * one a test ping just queued), and numbered pages with a total (Callbell's `GET /webhooks/events`).
 */
@Injectable()
export class DeliveryLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  byEventId(teamUuid: string, endpointUuid: string, eventId: string): Promise<WebhookDelivery | null> {
    return this.dataSource.getRepository(WebhookDelivery).findOneBy({ teamUuid, endpointUuid, eventId });
  }

  /** Newest first. */
  async numberedPage(teamUuid: string, endpointUuid: string, filter: NumberedPageFilter): Promise<{ rows: WebhookDelivery[]; total: number }> {
    const where: FindOptionsWhere<WebhookDelivery> = {
      teamUuid,
      endpointUuid,
      ...(filter.statuses ? { status: In(filter.statuses) } : {}),
      ...(filter.eventTypes ? { eventType: In(filter.eventTypes) } : {}),
    };
    const [rows, total] = await this.dataSource
      .getRepository(WebhookDelivery)
      .findAndCount({ where, order: { id: 'DESC' }, skip: filter.offset, take: filter.limit });
    return { rows, total };
  }
}
