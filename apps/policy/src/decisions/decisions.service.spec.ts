import { envelope, MessageRequestedData, MessageRequestedEvent, SendMessageDto, Topics } from '@herald/contracts';
import type { EventPublisher, OutgoingEvent } from '@herald/kafka';
import type { ChannelsService } from '../channels/channels.service';
import type { ContactAt, Standing } from '../contacts/contacts.repository';
import type { ContactsService } from '../contacts/contacts.service';
import { Decision } from './decision.entity';
import type { DecisionsRepository, DecisionToRecord } from './decisions.repository';
import { DecisionsService } from './decisions.service';

const channelUuid = '00000000-0000-4000-8000-000000000002';
const teamUuid = '00000000-0000-4000-8000-000000000001';
const otherTeamUuid = '00000000-0000-4000-8000-000000000009';
const acceptedAt = '2026-11-24T12:00:00.000Z';
const uuid = (digit: string) => digit.repeat(32);
const text = (to: string) => ({ to, from: 'whatsapp', type: 'text', content: { text: 'Hi' } }) as SendMessageDto;
const template = (to: string) =>
  ({ ...text(to), template_uuid: 'd980fb66fd5043d3ace1aac06e7ba6a7', optin_contact: true, content: { text: 'Ana' } }) as SendMessageDto;
const requested = (messageUuid: string, request: SendMessageDto): MessageRequestedEvent =>
  envelope(Topics.MessageRequested, {
    messageUuid,
    teamUuid,
    channelUuid,
    to: request.to,
    request,
    acceptedAt,
  } satisfies MessageRequestedData) as MessageRequestedEvent;

/**
 * The policy's decisions, kept in memory the way DecisionsRepository keeps them (the first decision about a message
 * stands, also within one batch; decisions.repository.integration-spec.ts holds the real one to that), and what the
 * service asked of it.
 */
function decisionsTable(recorded: Array<Pick<Decision, 'messageUuid' | 'approved' | 'reasonCode'>> = []) {
  const decision = (fields: Partial<Decision>) =>
    Object.assign(new Decision(), { reasonCode: null, reasonMessage: null, assignee: null, warnings: null, decidedAt: new Date(0), ...fields });
  const rows = new Map(recorded.map((row) => [row.messageUuid, decision(row)]));
  const recordings: DecisionToRecord[][] = [];
  const lookups: string[][] = [];
  const repository = {
    record: async (decisions: DecisionToRecord[]) => {
      recordings.push(decisions);
      for (const { messageUuid, verdict } of decisions) {
        if (rows.has(messageUuid)) continue;
        rows.set(
          messageUuid,
          verdict.approved
            ? decision({ messageUuid, approved: true, assignee: verdict.assignee ?? null, warnings: verdict.warnings ?? null })
            : decision({ messageUuid, approved: false, reasonCode: verdict.code, reasonMessage: verdict.message }),
        );
      }
      return new Map(decisions.map(({ messageUuid }) => [messageUuid, rows.get(messageUuid)!]));
    },
    find: async (messageUuids: string[]) => {
      lookups.push(messageUuids);
      return new Map(messageUuids.flatMap((messageUuid) => (rows.has(messageUuid) ? [[messageUuid, rows.get(messageUuid)!] as const] : [])));
    },
  };
  const optIns = () => recordings.flat().filter((entry) => entry.recordsOptIn).map((entry) => [entry.phone, entry.messageUuid]);
  return { repository: repository as unknown as DecisionsRepository, recordings, lookups, optIns };
}

describe('DecisionsService: a batch of requests', () => {
  const published: Array<OutgoingEvent<typeof Topics.MessageApproved | typeof Topics.MessageRejected>> = [];
  const publisher = { publish: async (event: (typeof published)[number]) => void published.push(event) } as unknown as EventPublisher;
  const channels = { factsOf: async () => new Map([[channelUuid, { teamUuid, integration: 'whatsapp_business_api' }]]) } as unknown as ChannelsService;
  /** Records appended when their requests say they were accepted. */
  const records = (events: MessageRequestedEvent[]) => events.map((event) => ({ timestamp: new Date(event.data.acceptedAt) }));
  const decide = (table: ReturnType<typeof decisionsTable>, events: MessageRequestedEvent[]) => serviceWith(table).decide(events, records(events));
  /** +1555...1 wrote an hour before; +1555...2 never wrote. */
  const contacts = {
    standings: jest.fn(async (asked: ContactAt[]): Promise<Standing[]> =>
      asked.map((contact) => ({ lastInboundAt: contact.phone.endsWith('1') ? new Date(Date.parse(acceptedAt) - 3_600_000) : null, optedOutBy: null })),
    ),
  };
  const serviceWith = (table: ReturnType<typeof decisionsTable>) =>
    new DecisionsService(table.repository, channels, contacts as unknown as ContactsService, publisher);
  const outcomes = () => published.map(({ topic, event }) => [topic, event.data.messageUuid, 'reason' in event.data ? event.data.reason.code : undefined]);

  beforeEach(() => {
    published.length = 0;
  });

  it('judges every request in one standing query, records them together, and publishes each outcome', async () => {
    const table = decisionsTable();
    await decide(table, [requested(uuid('1'), text('+15550000001')), requested(uuid('2'), text('+15550000002')), requested(uuid('3'), template('+15550000002'))]);
    expect(contacts.standings).toHaveBeenCalledTimes(1);
    expect(contacts.standings.mock.calls[0][0].map((contact) => contact.phone)).toEqual(['+15550000001', '+15550000002', '+15550000002']);
    expect(table.recordings).toHaveLength(1);
    expect(outcomes()).toEqual([
      [Topics.MessageApproved, uuid('1'), undefined],
      [Topics.MessageRejected, uuid('2'), 'session_window_closed'],
      [Topics.MessageApproved, uuid('3'), undefined],
    ]);
    // Only the approved template request with optin_contact records an opt-in.
    expect(table.optIns()).toEqual([['+15550000002', uuid('3')]]);
  });

  it('publishes the recorded decision of a replayed request, whatever the verdict would be now', async () => {
    const table = decisionsTable([{ messageUuid: uuid('4'), approved: false, reasonCode: 'contact_opted_out' }]);
    await decide(table, [requested(uuid('4'), text('+15550000001')), requested(uuid('5'), text('+15550000001'))]);
    expect(table.recordings).toHaveLength(1);
    expect(outcomes()).toEqual([
      [Topics.MessageRejected, uuid('4'), 'contact_opted_out'],
      [Topics.MessageApproved, uuid('5'), undefined],
    ]);
  });

  it('dead-letters a request whose recorded refusal has no reason code, rather than publishing a code no client knows', async () => {
    const table = decisionsTable([{ messageUuid: uuid('7'), approved: false, reasonCode: null }]);
    await expect(decide(table, [requested(uuid('7'), text('+15550000001'))])).rejects.toThrow(
      `the decision about message ${uuid('7')} is a refusal without a reason code`,
    );
    expect(outcomes()).toEqual([]);
  });

  it('gives a request delivered twice in one batch the one decision, recorded once', async () => {
    const table = decisionsTable();
    const event = requested(uuid('6'), text('+15550000002'));
    await decide(table, [event, event]);
    expect(table.recordings).toHaveLength(1);
    expect(outcomes()).toEqual([
      [Topics.MessageRejected, uuid('6'), 'session_window_closed'],
      [Topics.MessageRejected, uuid('6'), 'session_window_closed'],
    ]);
  });

  it('previews a request through the same judgement, recording nothing', async () => {
    const table = decisionsTable();
    const { data } = requested(uuid('7'), text('+15550000002'));
    expect(await serviceWith(table).preview(data)).toEqual({
      valid: false,
      reason: { code: 'session_window_closed', message: expect.any(String) },
      window: { open: false, closesAt: null },
    });
    const { data: wrote } = requested(uuid('7'), text('+15550000001'));
    expect(await serviceWith(table).preview(wrote)).toEqual({ valid: true, window: { open: true, closesAt: '2026-11-25T11:00:00.000Z' } });
    expect(table.recordings).toHaveLength(0);
    expect(published).toHaveLength(0);
  });

  it('judges a request no earlier than its record reached Kafka, whatever acceptedAt it claims', async () => {
    const table = decisionsTable();
    const backdated = requested(uuid('8'), text('+15550000001'));
    // Appended two days after it claims to have been accepted: the customer's window had closed by then.
    const appended = new Date(Date.parse(acceptedAt) + 2 * 24 * 3_600_000);
    contacts.standings.mockClear();
    await serviceWith(table).decide([backdated], [{ timestamp: appended }]);
    expect(contacts.standings.mock.calls[0][0][0].at).toEqual(appended);
    expect(outcomes()).toEqual([[Topics.MessageRejected, uuid('8'), 'session_window_closed']]);
  });

  it("refuses a request naming another team's channel as poison, and tells its ledger row with a rejection", async () => {
    const table = decisionsTable();
    const foreign = requested(uuid('9'), text('+15550000001'));
    foreign.data.teamUuid = otherTeamUuid;
    await expect(decide(table, [foreign])).rejects.toThrow(`channel ${channelUuid} does not belong to team ${otherTeamUuid}`);
    expect(outcomes()).toEqual([[Topics.MessageRejected, uuid('9'), 'channel_not_in_team']]);
    expect(table.recordings).toHaveLength(0);
  });

  it("refuses a batch holding a request for another team's channel before deciding any, so it is worked one by one", async () => {
    const table = decisionsTable();
    const foreign = requested(uuid('a'), text('+15550000001'));
    foreign.data.teamUuid = otherTeamUuid;
    await expect(decide(table, [requested(uuid('b'), text('+15550000001')), foreign])).rejects.toThrow('1 requests name a channel of another team');
    expect(published).toHaveLength(0);
    expect(table.recordings).toHaveLength(0);
    expect(table.lookups).toHaveLength(0);
  });

  it("leaves a decided message's outcome alone when a forged request reuses its uuid", async () => {
    const table = decisionsTable([{ messageUuid: uuid('c'), approved: true, reasonCode: null }]);
    const forged = requested(uuid('c'), text('+15550000001'));
    forged.data.teamUuid = otherTeamUuid;
    await expect(decide(table, [forged])).rejects.toThrow('does not belong');
    expect(published).toHaveLength(0);
  });
});
