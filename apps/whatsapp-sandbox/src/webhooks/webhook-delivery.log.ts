import { Injectable } from '@nestjs/common';
import type { WebhookStatusValue } from '@herald/whatsapp';

/** One status webhook and how its delivery went. */
export interface WebhookDeliveryRecord {
  wamid: string;
  status: WebhookStatusValue;
  url: string;
  /** `pending` while attempts remain, `delivered` once the receiver answered 2xx, `failed` when attempts ran out. */
  outcome: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** The receiver's HTTP status on the last attempt; null when it could not be reached. */
  lastHttpStatus: number | null;
  lastError: string | null;
  /** ISO time of the 2xx answer. */
  deliveredAt: string | null;
}

/** Deliveries kept for inspection; the oldest are forgotten past this many. */
export const MAX_RECORDED_DELIVERIES = 300_000;

/** In-memory record of every status webhook delivery, newest last, for the inspection API. */
@Injectable()
export class WebhookDeliveryLog {
  private readonly records = new Map<string, WebhookDeliveryRecord>();

  start(wamid: string, status: WebhookStatusValue, url: string): WebhookDeliveryRecord {
    const record: WebhookDeliveryRecord = {
      wamid,
      status,
      url,
      outcome: 'pending',
      attempts: 0,
      lastHttpStatus: null,
      lastError: null,
      deliveredAt: null,
    };
    const key = `${wamid} ${status}`;
    this.records.delete(key);
    this.records.set(key, record);
    if (this.records.size > MAX_RECORDED_DELIVERIES) {
      const oldest = this.records.keys().next().value;
      if (oldest !== undefined) this.records.delete(oldest);
    }
    return record;
  }

  list(filter: { wamid?: string } = {}): WebhookDeliveryRecord[] {
    const all = [...this.records.values()];
    return filter.wamid === undefined ? all : all.filter((record) => record.wamid === filter.wamid);
  }

  clear(): number {
    const count = this.records.size;
    this.records.clear();
    return count;
  }
}
