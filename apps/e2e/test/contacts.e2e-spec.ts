import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  type ContactListResponse,
  type ContactMessagesResponse,
  contactUuidFor,
  type ContactView,
  type MessageListResponse,
  type MessageStatusResponse,
  type SendMessageResponse,
} from '@herald/contracts';
import { customerWrites, eventually, Platform, startDeliveryReceiver, startPlatform, withDatabase, workspaceRoot } from '@herald/testing';

const cliPath = path.join(workspaceRoot, 'dist/apps/ingress/src/cli.js');
const herald = <T>(...args: string[]): T => JSON.parse(execFileSync(process.execPath, [cliPath, ...args, '--json'], { env: process.env, encoding: 'utf8' })) as T;

type ErrorBody = { error: { code: string; details?: Array<{ field: string }> } };

/**
 * Callbell's contacts API on the whole platform: contacts the team makes and those the first message either way
 * makes (the ledger worker), the conversation both ways, the right to erasure, and one team never seeing another's.
 * Ten thousand contacts are paged through the API while another client makes more.
 */
describe('contacts and conversations', () => {
  let platform: Platform;
  let otherKey: string;

  beforeAll(async () => {
    platform = await startPlatform({ ingressEnv: { RATE_LIMIT_PER_SECOND: '100000', WEBHOOK_ALLOW_PRIVATE: 'true' } });
    const team = herald<{ uuid: string }>('teams', 'create', '--name', 'contacts team B');
    otherKey = herald<{ secret: string }>('keys', 'create', '--team', team.uuid).secret;
    herald('members', 'add', '--team', platform.teamUuid, '--email', 'agent@contacts.example');
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const api = async <T>(method: string, route: string, body?: unknown, key = platform.apiKey): Promise<{ status: number; json: T }> => {
    const response = await fetch(`${platform.ingressUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json().catch(() => null)) as T };
  };

  it('makes, tags, fills custom fields, filters by tag and finds by phone with or without the plus', async () => {
    const made = await api<{ contact: ContactView[] }>('POST', '/contacts', {
      source: 'whatsapp',
      identifier: '15550101001',
      name: 'John Doe',
      tags: ['VIP'],
      custom_fields: { 'Billing Address': '3 Abbey Rd' },
    });
    expect(made.status).toBe(200);
    const [contact] = made.json.contact;
    expect(contact).toMatchObject({
      uuid: expect.stringMatching(/^[0-9a-f]{32}$/),
      name: 'John Doe',
      phoneNumber: '+15550101001',
      avatarUrl: null,
      source: 'whatsapp',
      href: `/contacts/${contact.uuid}`,
      conversationHref: `/contacts/${contact.uuid}/messages`,
      tags: ['VIP'],
      assignedUser: null,
      customFields: { 'Billing Address': '3 Abbey Rd' },
      channel: null,
      profileName: null,
    });
    const again = await api<ErrorBody>('POST', '/contacts', { source: 'whatsapp', identifier: '+15550101001', name: 'Twice' });
    expect({ status: again.status, code: again.json.error.code }).toEqual({ status: 409, code: 'contact_exists' });

    const patched = await api<{ contact: ContactView[] }>('PATCH', `/contacts/${contact.uuid}`, {
      tags: ['vip', 'Lead'],
      custom_fields: { zipCode: '98765430' },
      assigned_user: 'agent@contacts.example',
      note: 'call after 5',
    });
    expect(patched.status).toBe(200);
    expect(patched.json.contact[0]).toMatchObject({
      tags: ['vip', 'Lead'],
      customFields: { 'Billing Address': '3 Abbey Rd', zipCode: '98765430' },
      assignedUser: 'agent@contacts.example',
      note: 'call after 5',
    });
    expect((await api<{ contact: ContactView[] }>('PATCH', `/contacts/${contact.uuid}`, { unassign_user: true })).json.contact[0].assignedUser).toBeNull();

    await api('POST', '/contacts', { source: 'whatsapp', identifier: '+15550101002', name: 'Not a lead', tags: ['VIP'] });
    const leads = await api<ContactListResponse>('GET', '/contacts?tags=LEAD,vip');
    expect(leads.json.contacts.map((one) => one.uuid)).toEqual([contact.uuid]);
    expect((await api<{ contact: ContactView[] }>('GET', `/contacts/${contact.uuid}`)).json.contact[0].name).toBe('John Doe');
    for (const phone of ['15550101001', '+15550101001', '%2B15550101001']) {
      const found = await api<{ contact: ContactView }>('GET', `/contacts/phone/${phone}`);
      expect({ phone, status: found.status, uuid: found.json.contact.uuid }).toEqual({ phone, status: 200, uuid: contact.uuid });
    }
    expect((await api('GET', '/contacts/phone/15550109999')).status).toBe(404);

    const bad = await api<ErrorBody>('POST', '/contacts', { source: 'telegram', identifier: 'x', tags: 'a', custom_fields: [] });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details!.map((problem) => problem.field).sort()).toEqual(['custom_fields', 'identifier', 'name', 'source', 'tags']);
    const notMember = await api<ErrorBody>('PATCH', `/contacts/${contact.uuid}`, { assigned_user: 'stranger@example.com' });
    expect({ status: notMember.status, field: notMember.json.error.details![0].field }).toEqual({ status: 422, field: 'assigned_user' });
    expect((await api<ErrorBody>('GET', '/contacts/phone/not-a-phone')).status).toBe(422);
    expect((await api<ErrorBody>('GET', '/contacts?page=0')).status).toBe(422);
    expect((await api<ErrorBody>('GET', '/contacts?cursor=bogus')).status).toBe(422);
  });

  it("shows a team none of another team's contacts", async () => {
    const made = await api<{ contact: ContactView[] }>('POST', '/contacts', { source: 'whatsapp', identifier: '+15550102001', name: 'Private' });
    const { uuid } = made.json.contact[0];
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/contacts/${uuid}`],
      ['GET', '/contacts/phone/+15550102001'],
      ['PATCH', `/contacts/${uuid}`, { name: 'stolen' }],
      ['GET', `/contacts/${uuid}/messages`],
      ['DELETE', `/contacts/${uuid}`],
    ];
    for (const [method, route, body] of attempts) {
      const { status } = await api(method, route, body, otherKey);
      expect({ method, route, status }).toEqual({ method, route, status: 404 });
    }
    expect((await api<ContactListResponse>('GET', '/contacts', undefined, otherKey)).json.contacts).toEqual([]);
    expect((await api<ContactListResponse>('GET', '/contacts?phone=15550102001', undefined, otherKey)).json.contacts).toEqual([]);
    expect((await api<{ contact: ContactView[] }>('GET', `/contacts/${uuid}`)).json.contact[0].name).toBe('Private');
  });

  it('makes the contact from the first message either way, shows the conversation both ways, and erases it on request', async () => {
    const phone = '+15550103001';
    const receiver = await startDeliveryReceiver();
    const endpoint = await api('POST', '/webhooks/endpoints', { url: receiver.url, events: ['message.inbound'] });
    expect(endpoint.status).toBe(201);
    const wamid = await customerWrites(platform, phone, { text: 'Where is my order?' });
    // Its webhook is queued (delivered or not: other specs' endpoints may keep the notifier busy) before the erasure.
    await withDatabase((database) =>
      eventually(async () => {
        const { rowCount } = await database.query(`SELECT 1 FROM notifier.deliveries WHERE payload->'data'->>'providerMessageId' = $1`, [wamid]);
        return rowCount ? true : undefined;
      }, 30_000),
    );
    const sent = (await api<SendMessageResponse>('POST', '/messages/send', { to: phone, from: 'whatsapp', type: 'text', content: { text: 'On its way' } })).json.message.uuid;

    const contact = await eventually(async () => {
      const found = await api<{ contact: ContactView }>('GET', `/contacts/phone/${phone}`);
      return found.status === 200 && found.json.contact.channel ? found.json.contact : undefined;
    });
    expect(contact).toMatchObject({ phoneNumber: phone, name: expect.any(String), channel: { uuid: platform.channelUuid } });
    const conversation = await eventually(async () => {
      const page = await api<ContactMessagesResponse>('GET', `/contacts/${contact.uuid}/messages`);
      return page.json.messages.length === 2 ? page.json : undefined;
    });
    expect(conversation.messages).toEqual([
      expect.objectContaining({ uuid: sent, direction: 'outbound', text: 'On its way', to: phone, channel: 'whatsapp', status: expect.any(String) }),
      expect.objectContaining({ direction: 'inbound', text: 'Where is my order?', from: phone, status: 'received', providerMessageId: wamid, type: 'text' }),
    ]);
    const firstPage = await api<ContactMessagesResponse>('GET', `/contacts/${contact.uuid}/messages?limit=1`);
    const secondPage = await api<ContactMessagesResponse>('GET', `/contacts/${contact.uuid}/messages?limit=1&cursor=${firstPage.json.nextCursor}`);
    expect([...firstPage.json.messages, ...secondPage.json.messages].map((message) => message.direction)).toEqual(['outbound', 'inbound']);
    expect(secondPage.json.nextCursor).toBeNull();
    const inboundOnly = await api<MessageListResponse>('GET', `/messages?direction=inbound&to=${encodeURIComponent(phone)}`);
    expect(inboundOnly.json.messages.map((message) => [message.direction, message.status])).toEqual([['inbound', 'received']]);
    const both = await api<MessageListResponse>('GET', `/messages?to=${encodeURIComponent(phone)}`);
    expect(both.json.messages.map((message) => message.direction)).toEqual(['outbound', 'inbound']);

    // A send alone makes its contact too, whatever the policy decides of it (no window is open for this one).
    const stranger = '+15550103002';
    await api('POST', '/messages/send', { to: stranger, from: 'whatsapp', type: 'text', content: { text: 'Hello?' } });
    const made = await eventually(async () => {
      const found = await api<{ contact: ContactView }>('GET', `/contacts/phone/${stranger}`);
      return found.status === 200 ? found.json.contact : undefined;
    });
    expect(made).toMatchObject({ phoneNumber: stranger, name: stranger, channel: { uuid: platform.channelUuid }, profileName: null });

    const erased = await api('DELETE', `/contacts/${contact.uuid}`);
    expect(erased).toEqual({ status: 200, json: { status: 'contact was destroyed' } });
    expect((await api('GET', `/contacts/${contact.uuid}`)).status).toBe(404);
    expect((await api('GET', `/contacts/${contact.uuid}/messages`)).status).toBe(404);
    const message = (await api<MessageStatusResponse>('GET', `/messages/status/${sent}`)).json.message;
    expect(message).toMatchObject({ uuid: sent, to: 'erased', content: {} });
    expect(message).not.toHaveProperty('renderedText');
    await withDatabase(async (database) => {
      const { rows } = await database.query(`SELECT phone, content FROM ledger.inbound_messages WHERE provider_message_id = $1`, [wamid]);
      expect(rows).toEqual([{ phone: '', content: {} }]);
      const audit = await database.query(`SELECT requested_by, messages_erased FROM ledger.contact_erasures WHERE contact_uuid = $1`, [contact.uuid]);
      expect(audit.rows).toEqual([{ requested_by: expect.stringMatching(/^api-key:/), messages_erased: 2 }]);
      // The other services hear of it: the policy forgets what the contact wrote, the webhook log what it said.
      await eventually(async () => {
        const { rowCount } = await database.query(`SELECT 1 FROM policy.inbound_messages WHERE provider_message_id = $1`, [wamid]);
        return rowCount === 0 ? true : undefined;
      });
      const deliveries = await eventually(async () => {
        const { rows } = await database.query<{ data: Record<string, unknown> }>(
          `SELECT payload->'data' AS data FROM notifier.deliveries WHERE payload->'data'->>'providerMessageId' = $1`,
          [wamid],
        );
        return rows.length > 0 && rows.every((row) => row.data.erased === true) ? rows : undefined;
      });
      expect(deliveries.map((row) => [row.data.text, row.data.from, row.data.contactUuid])).toEqual([[undefined, undefined, contact.uuid]]);
    });
    await receiver.close();
  });

  it('pages ten thousand contacts in a stable order, with no duplicates or gaps, by page and by cursor, while new ones are made', async () => {
    const phones = Array.from({ length: 10_000 }, (_, index) => `+1444${String(index).padStart(7, '0')}`);
    const make = (phone: string) => api('POST', '/contacts', { source: 'whatsapp', identifier: phone, name: `Customer ${phone}` });
    // The first few hundred through the API; the rest written as the ledger writes a contact, to spare the minute
    // ten thousand requests take on a small machine (the pages are what this test is about).
    const throughApi = 250;
    for (let start = 0; start < throughApi; start += 50) {
      const answers = await Promise.all(phones.slice(start, start + 50).map(make));
      expect(answers.map((answer) => answer.status)).toEqual(Array(answers.length).fill(200));
    }
    const seeded = phones.slice(throughApi);
    await withDatabase((database) =>
      database.query(
        `INSERT INTO ledger.contacts (uuid, team_uuid, phone, name)
         SELECT uuid, $2::uuid, phone, 'Customer ' || phone FROM unnest($1::text[], $3::text[]) WITH ORDINALITY AS seeded (uuid, phone, position) ORDER BY position`,
        [seeded.map((phone) => contactUuidFor(platform.teamUuid, phone)), platform.teamUuid, seeded],
      ),
    );
    const before = new Set<string>();
    for (let page = 1; ; page += 1) {
      const { json } = await api<ContactListResponse>('GET', `/contacts?page=${page}`);
      json.contacts.forEach((contact) => before.add(contact.phoneNumber));
      if (json.contacts.length < 50) break;
    }
    expect(phones.filter((phone) => !before.has(phone))).toEqual([]);

    // Another client keeps making contacts while both walks go on.
    let making = true;
    let made = 0;
    const maker = (async () => {
      while (making) await Promise.all(Array.from({ length: 5 }, () => make(`+1445${String(made++).padStart(7, '0')}`)));
    })();
    const walk = async (next: (cursor: string | null, page: number) => string) => {
      const seen: string[] = [];
      const found = new Set<string>();
      let cursor: string | null = null;
      for (let page = 1; found.size < before.size; page += 1) {
        const { json }: { json: ContactListResponse } = await api<ContactListResponse>('GET', next(cursor, page));
        if (json.contacts.length === 0) break;
        for (const contact of json.contacts) {
          seen.push(contact.phoneNumber);
          if (before.has(contact.phoneNumber)) found.add(contact.phoneNumber);
        }
        cursor = json.nextCursor;
      }
      return seen;
    };
    const byPage = await walk((_cursor, page) => `/contacts?page=${page}`);
    const byCursor = await walk((cursor) => `/contacts?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    making = false;
    await maker;

    expect(made).toBeGreaterThan(0);
    const ordered = byPage.filter((phone) => before.has(phone));
    expect(ordered).toHaveLength(before.size);
    for (const walked of [byPage, byCursor]) {
      expect(new Set(walked).size).toBe(walked.length);
      expect(walked.filter((phone) => before.has(phone))).toEqual(ordered);
    }
  }, 180_000);
});
