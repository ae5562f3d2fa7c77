import { ErrorCodes, WEBHOOK_DELIVERY_ID_PATTERN } from '@herald/contracts';
import { HeraldError } from '../http/herald-error';

/** Where a page of `GET /webhooks/deliveries` stopped: its last delivery's id. Opaque to clients. */
export const encodeDeliveryCursor = (id: string): string => Buffer.from(`d:${id}`, 'utf8').toString('base64url');

/** The delivery id a cursor names, only if encodeDeliveryCursor could have written it. */
export function decodeDeliveryCursor(cursor: string): string {
  const match = /^d:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match && isDeliveryId(match[1])) return match[1];
  throw new HeraldError(ErrorCodes.ValidationFailed, 'The cursor is not one this API gave out', [
    { field: 'cursor', problem: 'must be the nextCursor of a previous page' },
  ]);
}

/** A delivery id PostgreSQL's bigint holds: anything else names no delivery, and must not reach a query. */
export function isDeliveryId(id: string): boolean {
  return WEBHOOK_DELIVERY_ID_PATTERN.test(id) && BigInt(id) <= 9_223_372_036_854_775_807n;
}
