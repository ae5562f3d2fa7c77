import { Injectable } from '@nestjs/common';
import type { WebhookStatusValue } from '@herald/whatsapp';
import { BLOCK_SIZE, BlockLog } from '../messages/block-log';

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

/** A delivery's place in the log, by which its attempts are recorded. */
export type DeliveryHandle = number;

const statuses: readonly WebhookStatusValue[] = ['sent', 'delivered', 'read', 'failed'];
const outcomes: ReadonlyArray<WebhookDeliveryRecord['outcome']> = ['pending', 'delivered', 'failed'];
const PENDING = 0;
const DELIVERED = 1;
const FAILED = 2;

/**
 * A block of deliveries, a column per field: there are three deliveries per message, and an object for each would
 * make this log most of the sandbox's memory under a benchmark's load (docs/benchmarks.md).
 */
class DeliveryBlock {
  readonly wamids = new Array<string>(BLOCK_SIZE);
  readonly urls = new Array<string>(BLOCK_SIZE);
  readonly statuses = new Uint8Array(BLOCK_SIZE);
  readonly outcomes = new Uint8Array(BLOCK_SIZE);
  /** At most one more than the 20 retry delays the configuration allows. */
  readonly attempts = new Uint8Array(BLOCK_SIZE);
  /** 0 when the receiver gave no answer. */
  readonly httpStatuses = new Uint16Array(BLOCK_SIZE);
  /** Epoch milliseconds; 0 until delivered. */
  readonly deliveredAt = new Float64Array(BLOCK_SIZE);
  /** By offset in the block: the few deliveries whose last attempt failed. */
  readonly errors = new Map<number, string>();
}

/** In-memory record of every status webhook delivery, newest last, for the inspection API. */
@Injectable()
export class WebhookDeliveryLog {
  private readonly deliveries = new BlockLog(() => new DeliveryBlock(), MAX_RECORDED_DELIVERIES);

  start(wamid: string, status: WebhookStatusValue, url: string): DeliveryHandle {
    const { position: handle, block, offset } = this.deliveries.add();
    block.wamids[offset] = wamid;
    block.urls[offset] = url;
    block.statuses[offset] = statuses.indexOf(status);
    block.outcomes[offset] = PENDING;
    return handle;
  }

  attemptStarted(handle: DeliveryHandle): void {
    const block = this.deliveries.blockOf(handle);
    if (block) block.attempts[handle % BLOCK_SIZE] += 1;
  }

  /** The last attempt's answer: the receiver's HTTP status (null when none came) and what went wrong, if anything. */
  attemptEnded(handle: DeliveryHandle, httpStatus: number | null, error: string | null): void {
    const block = this.deliveries.blockOf(handle);
    if (!block) return;
    const offset = handle % BLOCK_SIZE;
    block.httpStatuses[offset] = httpStatus ?? 0;
    if (error === null) block.errors.delete(offset);
    else block.errors.set(offset, error);
  }

  delivered(handle: DeliveryHandle, at: Date): void {
    const block = this.deliveries.blockOf(handle);
    if (!block) return;
    block.outcomes[handle % BLOCK_SIZE] = DELIVERED;
    block.deliveredAt[handle % BLOCK_SIZE] = at.getTime();
  }

  /** Given up on; `error` replaces the last attempt's when the delivery ended for another reason. */
  failed(handle: DeliveryHandle, error?: string): void {
    const block = this.deliveries.blockOf(handle);
    if (!block) return;
    block.outcomes[handle % BLOCK_SIZE] = FAILED;
    if (error !== undefined) block.errors.set(handle % BLOCK_SIZE, error);
  }

  list(filter: { wamid?: string } = {}): WebhookDeliveryRecord[] {
    const records: WebhookDeliveryRecord[] = [];
    for (let handle = this.deliveries.first; handle < this.deliveries.next; handle += 1) {
      const block = this.deliveries.blockOf(handle);
      const offset = handle % BLOCK_SIZE;
      if (!block || (filter.wamid !== undefined && block.wamids[offset] !== filter.wamid)) continue;
      const httpStatus = block.httpStatuses[offset];
      const deliveredAt = block.deliveredAt[offset];
      records.push({
        wamid: block.wamids[offset],
        status: statuses[block.statuses[offset]],
        url: block.urls[offset],
        outcome: outcomes[block.outcomes[offset]],
        attempts: block.attempts[offset],
        lastHttpStatus: httpStatus === 0 ? null : httpStatus,
        lastError: block.errors.get(offset) ?? null,
        deliveredAt: deliveredAt === 0 ? null : new Date(deliveredAt).toISOString(),
      });
    }
    return records;
  }

  clear(): number {
    return this.deliveries.clear();
  }
}
