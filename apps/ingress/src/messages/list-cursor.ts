import { ErrorCodes, parseTimestamp } from '@herald/contracts';
import { HeraldError } from '../http/herald-error';

/** Where a page of `GET /messages` stopped: the creation time and uuid of its last row. */
export interface ListPosition {
  createdAt: Date;
  uuid: string;
}

/** How encodeCursor writes a time (Date#toISOString); decodeCursor takes nothing else. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Opaque to clients. */
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.uuid])).toString('base64url');
}

/**
 * The position a cursor names, only if encodeCursor could have written it: a crafted time that Date.parse takes
 * and PostgreSQL refuses would otherwise fail the query with a 500.
 */
export function decodeCursor(cursor: string): ListPosition {
  try {
    const [createdAt, uuid] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const at = typeof createdAt === 'string' && ISO_INSTANT.test(createdAt) ? parseTimestamp(createdAt) : null;
    if (at && at.toISOString() === createdAt && typeof uuid === 'string' && /^[0-9a-f]{32}$/.test(uuid)) {
      return { createdAt: at, uuid };
    }
  } catch {
    // fall through to the error below
  }
  throw new HeraldError(ErrorCodes.ValidationFailed, 'The cursor is not one this API gave out', [
    { field: 'cursor', problem: 'must be the nextCursor of a previous page' },
  ]);
}
