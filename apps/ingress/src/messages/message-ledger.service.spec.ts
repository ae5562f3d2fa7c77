import { Logger } from '@nestjs/common';
import { MessageStatus, type MessageStatusData } from '@herald/contracts';
import { DataSource } from 'typeorm';
import { EARLY_STATUSES_PER_NUMBER, MessageLedgerService } from './message-ledger.service';

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
    const row = {
      uuid: 'a',
      status: 'enqueued',
      status_history: [{ status: 'enqueued', at: rejected.rejectedAt }],
      provider_message_id: null,
      channel_phone_number_id: '100000000000002',
    };
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

  describe('provider statuses', () => {
    const uuid = '0123456789abcdef0123456789abcdef';
    const status = (phoneNumberId: string, messageUuid = uuid): MessageStatusData => ({
      providerMessageId: 'wamid.1',
      messageUuid,
      status: MessageStatus.Read,
      statusAt: new Date().toISOString(),
      recipientId: '15550001111',
      phoneNumberId,
    });
    const row = { uuid, status: 'sent', status_history: [{ status: 'sent', at: new Date().toISOString() }], provider_message_id: 'wamid.1' };
    let warnings: string[];

    beforeEach(() => {
      warnings = [];
      jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: string) => void warnings.push(message));
      jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    });

    afterEach(() => jest.restoreAllMocks());

    it("count only when they come from the phone number id of the message's channel", async () => {
      const { ledger, statements } = harness(async (text) => {
        if (text.includes('SELECT uuid, status, status_history')) return [{ ...row, channel_phone_number_id: '100000000000002' }];
        return text.includes('RETURNING m.uuid') ? [{ uuid }] : [];
      });
      await ledger.recordProviderStatus([status('100000000000099')]);
      expect(statements.some((statement) => statement.text.includes('RETURNING m.uuid'))).toBe(false);
      expect(statements.some((statement) => statement.text.includes('INSERT INTO early_events'))).toBe(false);
      expect(warnings).toEqual([`status read of message ${uuid} came from phone number id 100000000000099, not its channel's; ignored`]);

      await ledger.recordProviderStatus([status('100000000000002')]);
      const moved = statements.find((statement) => statement.text.includes('RETURNING m.uuid'));
      expect(moved?.values.slice(0, 2)).toEqual([[uuid], ['read']]);
    });

    it('about unknown messages, wait for their rows only from a known number, and only so many per number', async () => {
      const waiting: Record<string, number> = { '100000000000002': EARLY_STATUSES_PER_NUMBER - 2 };
      const { ledger, statements } = harness(async (text) =>
        text.includes('AS waiting') ? Object.entries(waiting).map(([phone_number_id, count]) => ({ phone_number_id, waiting: count })) : [],
      );
      const unknown = (i: number) => `${String(i).padStart(2, '0')}23456789abcdef0123456789abcdef`;
      await ledger.recordProviderStatus([
        status('100000000000002', unknown(1)),
        status('100000000000002', unknown(2)),
        status('100000000000002', unknown(3)),
        status('199999999999999', unknown(4)),
      ]);
      const parked = statements.find((statement) => statement.text.includes('INSERT INTO early_events'));
      expect(parked?.values[0]).toEqual([unknown(1), unknown(2)]);
      expect(warnings).toEqual([
        `1 statuses from phone number id 100000000000002 about messages the ledger does not know are dropped: ${EARLY_STATUSES_PER_NUMBER} already wait for this number`,
        '1 statuses from phone number id 199999999999999 about messages the ledger does not know are dropped: no channel has this number',
      ]);
    });
  });
});
