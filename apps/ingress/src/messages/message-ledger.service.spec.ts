import { DataSource } from 'typeorm';
import { MessageLedgerService } from './message-ledger.service';

/** The pool queryRows reaches through the DataSource: each statement answers what `answer` gives for its text. */
function harness(answer: (text: string) => Promise<unknown[]> = () => Promise.resolve([])) {
  const statements: Array<{ text: string; values: unknown[] }> = [];
  const pool = {
    query: async ({ text, values }: { text: string; values: unknown[] }) => {
      statements.push({ text, values });
      return { rows: await answer(text) };
    },
  };
  return { ledger: new MessageLedgerService({ driver: { master: pool } } as unknown as DataSource), statements };
}

const earlyEventsLookup = (text: string) => text.includes('FROM early_events WHERE message_uuid');

describe('MessageLedgerService', () => {
  it('passes over the request of a message once the accept path wrote its row, and only once', async () => {
    const { ledger } = harness();
    expect(ledger.needsRecording('a')).toBe(true);
    await ledger.rowsWritten(['a', 'b']);
    expect(ledger.needsRecording('a')).toBe(false);
    expect(ledger.needsRecording('a')).toBe(true);
    expect(ledger.needsRecording('b')).toBe(false);
    expect(ledger.needsRecording('c')).toBe(true);
    expect(ledger.needsRecording(undefined)).toBe(true);
    expect(ledger.needsRecording({ messageUuid: 'b' })).toBe(true);
  });

  it('applies the events set aside before the rows were written, then lets go of them', async () => {
    const rejected = { messageUuid: 'a', rejectedAt: new Date().toISOString(), reason: { code: 'contact_opted_out', message: 'The contact opted out' } };
    const row = { uuid: 'a', status: 'enqueued', status_history: [{ status: 'enqueued', at: rejected.rejectedAt }], provider_message_id: null };
    const { ledger, statements } = harness(async (text) => {
      if (earlyEventsLookup(text)) return [{ id: '7', kind: 'rejected', data: rejected }];
      if (text.includes('SELECT uuid, status, status_history')) return [row];
      return text.includes('RETURNING m.uuid') ? [{ uuid: 'a' }] : [];
    });
    await ledger.rowsWritten(['a']);
    expect(statements[0]).toEqual(expect.objectContaining({ values: [['a']] }));
    expect(earlyEventsLookup(statements[0].text)).toBe(true);
    // The rejection is applied to the row (read, then moved), and only then is it deleted.
    const moved = statements.find((statement) => statement.text.includes('RETURNING m.uuid'));
    expect(moved?.values.slice(0, 2)).toEqual([['a'], ['rejected']]);
    expect(statements[statements.length - 1]).toEqual({ text: 'DELETE FROM early_events WHERE id = ANY($1::bigint[])', values: [['7']] });
    expect(ledger.needsRecording('a')).toBe(false);
  });

  it('keeps recording the requests whose early events it could not look for', async () => {
    const { ledger } = harness(() => Promise.reject(new Error('connection terminated')));
    await expect(ledger.rowsWritten(['a'])).rejects.toThrow('connection terminated');
    expect(ledger.needsRecording('a')).toBe(true);
  });
});
