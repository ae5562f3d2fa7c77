import { DataSource } from 'typeorm';
import { DispatchQueueService } from './dispatch-queue.service';

describe('DispatchQueueService.reconcile', () => {
  it("settles a send only from a status that came from its channel's phone number id", async () => {
    const statements: Array<{ text: string; values: unknown[] }> = [];
    const pool = {
      query: async ({ text, values }: { text: string; values: unknown[] }) => {
        statements.push({ text, values });
        return { rows: [] };
      },
    };
    const queue = new DispatchQueueService({ driver: { master: pool } } as unknown as DataSource);
    await queue.reconcile([{ messageUuid: '0123456789abcdef0123456789abcdef', providerMessageId: 'wamid.1', phoneNumberId: '100000000000099' }]);
    const [statement] = statements;
    expect(statement.values).toEqual([['0123456789abcdef0123456789abcdef'], ['wamid.1'], ['100000000000099']]);
    // The statement itself holds the rule: the send's channel has the status's phone number id.
    expect(statement.text.replace(/\s+/g, ' ')).toContain(
      'EXISTS (SELECT 1 FROM channels c WHERE c.uuid = d.channel_uuid AND c.phone_number_id = named.phone_number_id)',
    );
  });
});
