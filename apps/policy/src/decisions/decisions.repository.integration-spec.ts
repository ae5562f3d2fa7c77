import { randomBytes, randomUUID } from 'node:crypto';
import { migratedDatabase, type MigratedDatabase } from '@herald/testing';
import { policyDatabase } from '../database/policy.database';
import { DecisionsRepository, type DecisionToRecord } from './decisions.repository';
import type { Verdict } from './rules';

/** The policy's record of decisions, against its own schema in a PostgreSQL database of this file's own. */
let database: MigratedDatabase;
let decisions: DecisionsRepository;

beforeAll(async () => {
  database = await migratedDatabase(policyDatabase);
  decisions = new DecisionsRepository(database.dataSource);
}, 30_000);
afterAll(() => database?.drop());

const approved: Verdict = { approved: true };
const windowClosed: Verdict = { approved: false, code: 'session_window_closed', message: 'The customer has not written in 24 hours' };

function decision(verdict: Verdict, fields: Partial<DecisionToRecord> = {}): DecisionToRecord {
  return {
    messageUuid: randomBytes(16).toString('hex'),
    channelUuid: randomUUID(),
    phone: '+15550000001',
    acceptedAt: '2026-11-24T12:00:00.000Z',
    recordsOptIn: false,
    verdict,
    ...fields,
  };
}

const optInsOf = (messageUuid: string) =>
  database.dataSource.query(`SELECT channel_uuid, phone, kind, at, origin FROM consent_events WHERE source = $1`, [messageUuid]);

describe('DecisionsRepository', () => {
  it('records an approval with its assignee and warnings, and a refusal with its reason', async () => {
    const warnings = [{ code: 'assignee_not_member' as const, message: 'ana@example.com is not a member of the team' }];
    const yes = decision({ approved: true, assignee: 'ana@example.com', warnings });
    const no = decision(windowClosed);

    const standing = await decisions.record([yes, no]);
    expect(standing.get(yes.messageUuid)).toMatchObject({ approved: true, assignee: 'ana@example.com', warnings, reasonCode: null });
    expect(standing.get(no.messageUuid)).toMatchObject({
      approved: false,
      reasonCode: 'session_window_closed',
      reasonMessage: windowClosed.message,
      assignee: null,
      warnings: null,
    });
    expect(standing.get(no.messageUuid)?.decidedAt).toBeInstanceOf(Date);
    expect(await decisions.find([yes.messageUuid, no.messageUuid, randomBytes(16).toString('hex')])).toEqual(standing);
  });

  it('keeps the first decision about a message: a replay answers it, whatever the verdict now', async () => {
    const first = decision(windowClosed);
    const [recorded] = (await decisions.record([first])).values();

    const replayed = { ...first, verdict: approved };
    const other = decision(approved);
    const standing = await decisions.record([replayed, other]);
    expect(standing.get(first.messageUuid)).toEqual(recorded);
    expect(standing.get(other.messageUuid)).toMatchObject({ approved: true });
    expect(await database.dataSource.query(`SELECT count(*)::int AS n FROM decisions WHERE message_uuid = $1`, [first.messageUuid])).toEqual([{ n: 1 }]);
  });

  it('keeps the first of two decisions about one message within one batch', async () => {
    const first = decision(windowClosed);
    const standing = await decisions.record([first, { ...first, verdict: approved }]);
    expect([...standing.keys()]).toEqual([first.messageUuid]);
    expect(standing.get(first.messageUuid)).toMatchObject({ approved: false, reasonCode: 'session_window_closed' });
  });

  it("records the opt-in a request carries as the team's, from when it was judged, once however often it is replayed", async () => {
    const optingIn = decision(approved, { recordsOptIn: true, phone: '+15550000009' });
    await decisions.record([optingIn, decision(approved)]);
    await decisions.record([optingIn]);
    expect(await optInsOf(optingIn.messageUuid)).toEqual([
      { channel_uuid: optingIn.channelUuid, phone: '+15550000009', kind: 'request_opt_in', at: new Date(optingIn.acceptedAt), origin: 'team' },
    ]);
  });

  it('records no opt-in for a request that does not carry one', async () => {
    const plain = decision(approved);
    await decisions.record([plain]);
    expect(await optInsOf(plain.messageUuid)).toEqual([]);
  });
});
