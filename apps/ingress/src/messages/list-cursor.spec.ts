import { HeraldError } from '../http/herald-error';
import { decodeCursor, encodeCursor } from './list-cursor';

describe('list cursors', () => {
  const uuid = '0123456789abcdef0123456789abcdef';
  const crafted = (createdAt: unknown, id: unknown = uuid) => Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');

  it('give back the position they were made from', () => {
    const createdAt = new Date('2026-11-25T10:00:00.123Z');
    expect(decodeCursor(encodeCursor({ createdAt, uuid }))).toEqual({ createdAt, uuid });
  });

  // Each of these Date.parse takes; PostgreSQL refuses some, and none is a time encodeCursor writes.
  it.each([
    ['a year before the common era', '-000001-01-01T00:00:00.000Z'],
    ['year zero', '0000-01-01T00:00:00.000Z'],
    ['a six-digit year', '+275760-09-13T00:00:00.000Z'],
    ['a day that does not exist', '2026-02-30T00:00:00.000Z'],
    ['a free-form date', 'Tue Mar 01 2022'],
    ['a bare number', '1'],
    ['a date without its time', '2026-11-25'],
    ['not a string', 12345],
  ])('refuse %s with 422 validation_failed naming the cursor', (_case, createdAt) => {
    expect(() => decodeCursor(crafted(createdAt))).toThrow(
      expect.objectContaining({ code: 'validation_failed', details: [{ field: 'cursor', problem: 'must be the nextCursor of a previous page' }] }),
    );
  });

  it('refuse what is not a cursor at all', () => {
    for (const cursor of ['not-a-cursor', crafted('2026-11-25T10:00:00.123Z', 'x'), Buffer.from('{}').toString('base64url')]) {
      expect(() => decodeCursor(cursor)).toThrow(HeraldError);
    }
  });
});
