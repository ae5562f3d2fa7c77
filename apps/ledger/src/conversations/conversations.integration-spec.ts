import { randomBytes, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { contactUuidFor, type InboundMessageData, type MessageReadyData, type MessageRequestedData } from '@herald/contracts';
import { ChannelReplicaRepository } from '@herald/channel-replica';
import { ContactsRepository, ConversationRepository, inboundMessageUuidFor, MessageLedgerRepository } from '@herald/ledger';
import { MigratedDatabase, migratedDatabase } from '@herald/testing';
import type { DataSource } from 'typeorm';
import { Channel } from '../channels/channel.entity';
import { ledgerDatabase } from '../database/ledger.database';
import { LedgerRepository } from '../ledger/ledger.repository';
import { LedgerService } from '../ledger/ledger.service';
import { ConversationsService } from './conversations.service';

const phoneNumberId = '100000000000881';
const channelUuid = randomUUID();
const teamUuid = randomUUID();
const otherTeam = randomUUID();
const uuid = () => randomBytes(16).toString('hex');

const inbound = (from: string, providerMessageId: string, sentAt: Date, details: Partial<InboundMessageData> = {}): InboundMessageData => ({
  phoneNumberId,
  from,
  providerMessageId,
  sentAt: sentAt.toISOString(),
  type: 'text',
  text: 'hello',
  ...details,
});

const requested = (to: string, acceptedAt: Date, messageUuid = uuid(), text = 'from the team'): MessageRequestedData => ({
  messageUuid,
  teamUuid,
  channelUuid,
  to,
  request: { to, from: 'whatsapp', type: 'text', content: { text }, metadata: { order: '42' } } as MessageRequestedData['request'],
  acceptedAt: acceptedAt.toISOString(),
});

/** The conversations and contacts the ledger keeps, against a database of their own migrated as the ledger's. */
describe('conversations and contacts, on PostgreSQL', () => {
  let database: MigratedDatabase;
  let dataSource: DataSource;
  let contacts: ContactsRepository;
  let conversation: ConversationRepository;
  let service: ConversationsService;
  let ledger: LedgerService;

  beforeAll(async () => {
    database = await migratedDatabase(ledgerDatabase, 8);
    dataSource = database.dataSource;
    contacts = new ContactsRepository(dataSource);
    conversation = new ConversationRepository(dataSource);
    service = new ConversationsService(conversation, contacts, new ChannelReplicaRepository(dataSource, Channel));
    ledger = new LedgerService(new LedgerRepository(dataSource));
    await dataSource.query(`INSERT INTO channels (uuid, team_uuid, phone_number_id, active) VALUES ($1, $2, $3, true)`, [channelUuid, teamUuid, phoneNumberId]);
  });

  afterAll(async () => {
    await database?.drop();
  });

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it("stores a customer's message once however often it is delivered, every detail kept, and makes the contact with the profile name", async () => {
    const phone = '+15550009001';
    const at = new Date('2026-11-25T10:00:00Z');
    const message = inbound(phone, 'wamid.once', at, {
      type: 'image',
      text: undefined,
      media: { id: 'media-1', mimeType: 'image/jpeg', caption: 'look' },
      context: { providerMessageId: 'wamid.earlier' },
      ...({ profileName: 'Ana', referral: { sourceUrl: 'https://example.com/ad' } } as object),
    });
    await service.recordInbound([message, message]);
    await service.recordInbound([message]);
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM inbound_messages WHERE provider_message_id = 'wamid.once'`);
    expect(count).toBe(1);
    const stored = await conversation.findInbound(teamUuid, inboundMessageUuidFor(channelUuid, 'wamid.once'));
    expect(stored).toMatchObject({ phone, type: 'image', channelUuid, sentAt: at });
    expect(stored?.content).toEqual({
      media: { id: 'media-1', mimeType: 'image/jpeg', caption: 'look' },
      context: { providerMessageId: 'wamid.earlier' },
      profileName: 'Ana',
      referral: { sourceUrl: 'https://example.com/ad' },
    });
    expect(await conversation.findInbound(otherTeam, stored!.uuid)).toBeNull();
    const contact = await contacts.findByPhone(teamUuid, phone);
    expect(contact).toMatchObject({ uuid: contactUuidFor(teamUuid, phone), profileName: 'Ana', name: null, channelUuid, tags: [], customFields: {} });
    const [{ media }] = await dataSource.query(
      `SELECT channel_uuid AS media FROM inbound_messages WHERE team_uuid = $1 AND (content->'media'->>'id') = 'media-1' AND content ? 'media'`,
      [teamUuid],
    );
    expect(media).toBe(channelUuid);
  });

  it('never overwrites the name a team gave with the profile name, and a request makes its contact', async () => {
    const phone = '+15550009002';
    await contacts.create({ teamUuid, phone, name: 'Given name' });
    await service.recordInbound([inbound(phone, 'wamid.named', new Date(), { ...({ profileName: 'Profile' } as object) })]);
    expect(await contacts.findByPhone(teamUuid, phone)).toMatchObject({ name: 'Given name', profileName: 'Profile', channelUuid });
    await service.touchRequested([requested('+15550009003', new Date())]);
    expect(await contacts.findByPhone(teamUuid, '+15550009003')).toMatchObject({ name: null, channelUuid });
    expect(await contacts.create({ teamUuid, phone, name: 'again' })).toBeNull();
  });

  it("lists a conversation both ways newest first, interleaved, each once across pages, by cursor and by page number", async () => {
    const phone = '+15550009004';
    const start = Date.parse('2026-11-25T12:00:00Z');
    const expected: string[] = [];
    for (let index = 0; index < 9; index += 1) {
      const at = new Date(start + index * 1_000);
      if (index % 2 === 0) {
        await service.recordInbound([inbound(phone, `wamid.conv.${index}`, at)]);
        expected.push(inboundMessageUuidFor(channelUuid, `wamid.conv.${index}`));
      } else {
        const request = requested(phone, at);
        await ledger.recordRequested([request]);
        expected.push(request.messageUuid);
      }
    }
    // Another customer's and another direction's messages stay out of it.
    await service.recordInbound([inbound('+15550009005', 'wamid.other', new Date(start + 500))]);
    expected.reverse();

    const seen: string[] = [];
    let after: { at: Date; uuid: string } | undefined;
    for (;;) {
      const page = await conversation.page(teamUuid, { direction: 'both', phone, after, limit: 4 });
      seen.push(...page.map((entry) => entry.message.uuid));
      if (page.length < 4) break;
      const last = page[page.length - 1];
      after = { at: last.at, uuid: last.message.uuid };
    }
    expect(seen).toEqual(expected);
    const numbered = [0, 1, 2].map((index) => conversation.page(teamUuid, { direction: 'both', phone, offset: index * 4, limit: 4 }));
    expect((await Promise.all(numbered)).flat().map((entry) => entry.message.uuid)).toEqual(expected);

    const only = async (direction: 'inbound' | 'outbound') =>
      (await conversation.page(teamUuid, { direction, phone, limit: 20 })).map((entry) => entry.direction);
    expect(await only('inbound')).toEqual(Array(5).fill('inbound'));
    expect(await only('outbound')).toEqual(Array(4).fill('outbound'));
    expect(await conversation.page(otherTeam, { direction: 'both', phone, limit: 20 })).toEqual([]);
  });

  it("erases a contact: its row, its messages' bodies both ways, an audit line; redelivered events bring nothing back", async () => {
    const phone = '+15550009006';
    const other = '+15550009007';
    const sent = requested(phone, new Date(), uuid(), 'secret plan');
    await ledger.recordRequested([sent, requested(other, new Date())]);
    await service.touchRequested([sent]);
    await service.recordInbound([inbound(phone, 'wamid.erase.1', new Date(), { text: 'my address is...' }), inbound(other, 'wamid.keep', new Date())]);
    const contact = await contacts.findByPhone(teamUuid, phone);
    expect(contact).not.toBeNull();

    expect(await contacts.erase(otherTeam, contact!.uuid, 'api-key:other')).toBeNull();
    expect(await contacts.erase(teamUuid, contact!.uuid, 'api-key:test')).toBe(2);
    expect(await contacts.findForTeam(teamUuid, contact!.uuid)).toBeNull();
    const row = await new MessageLedgerRepository(dataSource).find(sent.messageUuid);
    expect(row).toMatchObject({ to: 'erased', request: { to: 'erased', from: 'whatsapp', type: 'text', content: {} }, renderedText: null });
    expect(JSON.stringify(row?.request)).not.toMatch(/secret|order/);
    const erasedInbound = await conversation.findInbound(teamUuid, inboundMessageUuidFor(channelUuid, 'wamid.erase.1'));
    expect(erasedInbound).toMatchObject({ phone: '', content: {}, erasedAt: expect.any(Date) });
    expect(await conversation.page(teamUuid, { direction: 'both', phone, limit: 20 })).toEqual([]);
    const audit = await dataSource.query(`SELECT team_uuid, contact_uuid, requested_by, messages_erased FROM contact_erasures`);
    expect(audit).toEqual([{ team_uuid: teamUuid, contact_uuid: contact!.uuid, requested_by: 'api-key:test', messages_erased: 2 }]);
    expect(await contacts.findByPhone(teamUuid, other)).not.toBeNull();

    // Kafka delivers the old events again: the contact stays erased, the bodies gone.
    await service.touchRequested([sent]);
    await service.recordInbound([inbound(phone, 'wamid.erase.1', new Date(), { text: 'my address is...' })]);
    const { messageUuid, teamUuid: team, channelUuid: channel, to } = sent;
    await ledger.recordReady([{ messageUuid, teamUuid: team, channelUuid: channel, to, renderedText: 'secret plan', outbound: {} as MessageReadyData['outbound'] }]);
    expect(await contacts.findByPhone(teamUuid, phone)).toBeNull();
    expect((await new MessageLedgerRepository(dataSource).find(sent.messageUuid))?.renderedText).toBeNull();

    // A new first message makes the contact anew.
    await service.recordInbound([inbound(phone, 'wamid.erase.2', new Date())]);
    expect(await contacts.findByPhone(teamUuid, phone)).toMatchObject({ uuid: contact!.uuid, tags: [] });
  });

  it('updates tags, merges custom fields, assigns and clears, and filters by tags case-insensitively', async () => {
    const phone = '+15550009008';
    const made = await contacts.create({ teamUuid, phone, name: 'Tagged', tags: ['Sales'], customFields: { a: '1' } });
    const changed = await contacts.update(teamUuid, made!.uuid, { tags: ['Sales', 'Lead'], customFields: { b: ['x', 'y'] }, assignedUser: 'agent@acme.example', note: 'vip' });
    expect(changed).toMatchObject({ tags: ['Sales', 'Lead'], customFields: { a: '1', b: ['x', 'y'] }, assignedUser: 'agent@acme.example', note: 'vip' });
    expect(await contacts.update(teamUuid, made!.uuid, { assignedUser: null, note: null })).toMatchObject({ assignedUser: null, note: null, name: 'Tagged' });
    expect(await contacts.update(otherTeam, made!.uuid, { name: 'stolen' })).toBeNull();
    const tagged = async (tags: string[]) => (await contacts.list(teamUuid, { tags, limit: 100 })).map((contact) => contact.phone);
    expect(await tagged(['sales', 'LEAD'])).toEqual([phone]);
    expect(await tagged(['lead', 'nope'])).toEqual([]);
    expect((await contacts.list(teamUuid, { phone, limit: 10 })).map((contact) => contact.uuid)).toEqual([made!.uuid]);
  });

  it('pages 10,000 contacts in a stable order, with no duplicates or gaps, by page number and by cursor, while new ones are made', async () => {
    const team = randomUUID();
    const phones = Array.from({ length: 10_000 }, (_, index) => `+1666${String(index).padStart(7, '0')}`);
    for (let start = 0; start < phones.length; start += 1_000) {
      await contacts.touch(phones.slice(start, start + 1_000).map((phone) => ({ teamUuid: team, phone, channelUuid })));
    }
    const existing = new Set(phones);
    // The order they were made in (a batch makes its contacts in uuid order): every walk must keep it.
    const order = (await contacts.list(team, { limit: 20_000 })).map((row) => row.phone);
    expect(new Set(order)).toEqual(existing);
    let making = true;
    let made = 0;
    const maker = (async () => {
      while (making) {
        await contacts.create({ teamUuid: team, phone: `+1777${String(made).padStart(7, '0')}`, name: `new ${made}` });
        made += 1;
      }
    })();

    const byPage: string[] = [];
    for (let page = 0; ; page += 1) {
      const rows = await contacts.list(team, { offset: page * 50, limit: 50 });
      byPage.push(...rows.map((row) => row.phone));
      if (rows.length < 50 || byPage.filter((phone) => existing.has(phone)).length === existing.size) break;
    }
    const byCursor: string[] = [];
    let afterSeq: string | undefined;
    for (;;) {
      const rows = await contacts.list(team, { afterSeq, limit: 100 });
      byCursor.push(...rows.map((row) => row.phone));
      if (rows.length < 100 || byCursor.filter((phone) => existing.has(phone)).length === existing.size) break;
      afterSeq = rows[rows.length - 1].seq;
    }
    making = false;
    await maker;

    expect(made).toBeGreaterThan(0);
    for (const walk of [byPage, byCursor]) {
      expect(new Set(walk).size).toBe(walk.length);
      expect(walk.filter((phone) => existing.has(phone))).toEqual(order);
    }
  }, 60_000);
});
