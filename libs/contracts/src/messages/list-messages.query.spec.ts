import { checkContract } from '../validation';
import { ListMessagesQueryDto, parseTimestamp } from './list-messages.query';

describe('ListMessagesQueryDto since', () => {
  it.each(['2026-11-25', '2026-11-25T10:00Z', '2026-11-25T10:00:00Z', '2026-11-25T11:00:00.123456+01:00'])('takes %s', (since) => {
    expect(checkContract(ListMessagesQueryDto, { since }).ok).toBe(true);
  });

  // ISO 8601 forms that Date cannot read (the query then failed with a 500), or that PostgreSQL refuses.
  it.each(['2026-W48-3', '2026-329', '0000-01-01', '-0001-01-01', '2026-02-30', '2026-11-25T10:00:00', '20261125'])('refuses %s', (since) => {
    expect(checkContract(ListMessagesQueryDto, { since })).toEqual({
      ok: false,
      problems: [{ field: 'since', problem: 'since must be a date-time with its offset, such as 2026-11-25T10:00:00Z' }],
    });
  });

  it('reads the moment with its offset', () => {
    expect(parseTimestamp('2026-11-25T11:00:00+01:00')?.toISOString()).toBe('2026-11-25T10:00:00.000Z');
  });
});
