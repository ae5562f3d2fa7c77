import { randomBytes, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { MessageStatus, type MessageRequestedData, type MessageStatusData } from '@herald/contracts';
import { MessageLedgerRepository } from '@herald/ledger';
import { MigratedDatabase, migratedDatabase } from '@herald/testing';
import type { DataSource } from 'typeorm';
import { ledgerDatabase } from '../database/ledger.database';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';

const uuid = () => randomBytes(16).toString('hex');
const phoneNumberId = '100000000000777';
const channelUuid = randomUUID();
const teamUuid = randomUUID();

const requested = (messageUuid: string, to = '+15550007001'): MessageRequestedData => ({
  messageUuid,
  teamUuid,
  channelUuid,
  to,
  request: { to, from: 'whatsapp', type: 'text', content: { text: 'hello' } } as MessageRequestedData['request'],
  acceptedAt: new Date().toISOString(),
});

const status = (messageUuid: string, value: MessageStatus, from = phoneNumberId, providerMessageId = `wamid.${messageUuid}`): MessageStatusData => ({
  providerMessageId,
  messageUuid,
  status: value as MessageStatusData['status'],
  statusAt: new Date().toISOString(),
  recipientId: '15550007001',
  phoneNumberId: from,
});

/** The ledger worker and the ledger's readers against a database of their own, migrated as the ledger migrates it. */
describe('the ledger, on PostgreSQL', () => {
  let database: MigratedDatabase;
  let dataSource: DataSource;
  let ledger: LedgerService;
  let readers: MessageLedgerRepository;
  let warnings: string[];

  beforeAll(async () => {
    database = await migratedDatabase(ledgerDatabase);
    dataSource = database.dataSource;
    ledger = new LedgerService(new LedgerRepository(dataSource));
    readers = new MessageLedgerRepository(dataSource);
    await dataSource.query(`INSERT INTO channels (uuid, team_uuid, phone_number_id, active) VALUES ($1, $2, $3, true)`, [channelUuid, teamUuid, phoneNumberId]);
  });

  afterAll(async () => {
    await database?.drop();
  });

  beforeEach(() => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: string) => void warnings.push(message));
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  const row = (messageUuid: string) => readers.find(messageUuid);

  it('records a request once, however often it is delivered', async () => {
    const message = uuid();
    await ledger.recordRequested([requested(message)]);
    await ledger.recordRequested([requested(message), requested(message)]);
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM messages WHERE uuid = $1`, [message]);
    expect(count).toBe(1);
    expect((await row(message))?.status).toBe(MessageStatus.Enqueued);
    expect(await ledger.recorded([message, uuid()])).toEqual(new Set([message]));
  });

  it('moves a status forward only, and keeps a stage reported late in the history, once', async () => {
    const message = uuid();
    await ledger.recordRequested([requested(message)]);
    await ledger.recordDispatched([{ messageUuid: message, teamUuid, channelUuid, to: '+15550007001', providerMessageId: `wamid.${message}`, dispatchedAt: new Date().toISOString() }]);
    await ledger.recordProviderStatus([status(message, MessageStatus.Delivered)]);
    await ledger.recordProviderStatus([status(message, MessageStatus.Sent), status(message, MessageStatus.Sent)]);
    const stored = await row(message);
    expect(stored?.status).toBe(MessageStatus.Delivered);
    expect(stored?.providerMessageId).toBe(`wamid.${message}`);
    expect(stored?.statusHistory.map((change) => change.status)).toEqual([MessageStatus.Enqueued, MessageStatus.Sent, MessageStatus.Delivered]);
  });

  it("counts a status only when it comes from the phone number of the message's channel", async () => {
    const message = uuid();
    await ledger.recordRequested([requested(message)]);
    await ledger.recordProviderStatus([status(message, MessageStatus.Read, '100000000000099')]);
    expect((await row(message))?.status).toBe(MessageStatus.Enqueued);
    expect(warnings).toEqual([`status read of message ${message} came from phone number id 100000000000099, not its channel's; ignored`]);
  });

  it('keeps the events that come before their row, and applies them once it is there', async () => {
    const message = uuid();
    await ledger.recordProviderStatus([status(message, MessageStatus.Read)]);
    await ledger.recordRejected([{ messageUuid: uuid(), teamUuid, channelUuid, to: '+15550007001', rejectedAt: new Date().toISOString(), reason: { code: 'contact_opted_out', message: 'opted out' } }]);
    expect(await row(message)).toBeNull();
    await ledger.recordRequested([requested(message)]);
    expect((await row(message))?.status).toBe(MessageStatus.Read);
    const [{ waiting }] = await dataSource.query(`SELECT count(*)::int AS waiting FROM early_events WHERE message_uuid = $1`, [message]);
    expect(waiting).toBe(0);
  });

  it('drops statuses about unknown messages from a number no channel has', async () => {
    const message = uuid();
    await ledger.recordProviderStatus([status(message, MessageStatus.Read, '199999999999999')]);
    const [{ waiting }] = await dataSource.query(`SELECT count(*)::int AS waiting FROM early_events WHERE message_uuid = $1`, [message]);
    expect(waiting).toBe(0);
    expect(warnings).toEqual(['1 statuses from phone number id 199999999999999 about messages the ledger does not know are dropped: no channel has this number']);
  });

  it('holds a message whose event was dead-lettered, until a later event moves it on', async () => {
    const message = uuid();
    await ledger.recordRequested([requested(message)]);
    await ledger.recordDeadLettered([{ messageUuid: message, topic: 'message.approved', reason: 'boom', at: new Date().toISOString() }]);
    expect(await row(message)).toEqual(expect.objectContaining({ status: MessageStatus.Held, failure: { code: 'dead_lettered', message: 'message.approved: boom' } }));
    await ledger.recordProviderStatus([status(message, MessageStatus.Sent)]);
    expect((await row(message))?.status).toBe(MessageStatus.Sent);
  });

  it('withdraws an accept that never committed, and hides it from every reader', async () => {
    const message = uuid();
    const ledgerRow = { uuid: message, teamUuid, channelUuid, to: '+15550007002', request: requested(message).request, warnings: null, acceptedAt: new Date() };
    await expect(readers.withdrawUnlessAccepted(ledgerRow)).resolves.toBe(true);
    expect(await readers.find(message)).toBeNull();
    expect(await readers.findForTeam(teamUuid, message)).toBeNull();
    expect((await readers.list(teamUuid, { to: '+15550007002', limit: 10 })).map((found) => found.uuid)).toEqual([]);

    const accepted = uuid();
    await ledger.recordRequested([requested(accepted, '+15550007002')]);
    await expect(readers.withdrawUnlessAccepted({ ...ledgerRow, uuid: accepted })).resolves.toBe(false);
    expect((await readers.list(teamUuid, { to: '+15550007002', limit: 10 })).map((found) => found.uuid)).toEqual([accepted]);
  });
});
