import { randomBytes, randomUUID } from 'node:crypto';
import { migratedDatabase, type MigratedDatabase } from '@herald/testing';
import { policyDatabase } from '../database/policy.database';
import type { ConsentKind, ConsentOrigin } from './consent-event.entity';
import { ContactsRepository } from './contacts.repository';

/** What the policy knows of contacts, against its own schema in a PostgreSQL database of this file's own. */
let database: MigratedDatabase;
let contacts: ContactsRepository;

beforeAll(async () => {
  database = await migratedDatabase(policyDatabase);
  contacts = new ContactsRepository(database.dataSource);
}, 30_000);
afterAll(() => database?.drop());

const noon = new Date('2026-11-24T12:00:00.000Z');
const minutes = (n: number) => new Date(noon.getTime() + n * 60_000);
const wamid = () => `wamid.${randomBytes(8).toString('hex')}`;
const phone = () => `+1555${randomBytes(3).readUIntBE(0, 3)}`;

/** The customer wrote to these channels at `at`; `consent` is the change their words made, if any. */
const wrote = (to: string[], from: string, at: Date, consent: ConsentKind | null = null, providerMessageId = wamid()) =>
  contacts.recordInbound({ providerMessageId, phone: from, sentAt: at, type: 'text' }, to, consent);

const said = (channelUuid: string, contact: string, kind: ConsentKind, at: Date, origin: ConsentOrigin, source: string = randomUUID()) =>
  contacts.recordConsent({ channelUuid, phone: contact, kind, at, source, origin });

describe('ContactsRepository: the window', () => {
  it('answers when the contact last wrote to that channel as of each moment asked, in the order asked', async () => {
    const [channel, otherChannel] = [randomUUID(), randomUUID()];
    const [ana, bob] = [phone(), phone()];
    await wrote([channel], ana, minutes(-90));
    await wrote([channel], ana, minutes(-30));
    await wrote([channel], ana, minutes(10));
    await wrote([otherChannel], bob, minutes(-5));

    const standings = await contacts.standings([
      { channelUuid: channel, phone: ana, at: noon },
      { channelUuid: channel, phone: ana, at: minutes(-60) },
      { channelUuid: channel, phone: ana, at: minutes(-120) },
      { channelUuid: channel, phone: bob, at: noon },
      { channelUuid: otherChannel, phone: bob, at: noon },
      { channelUuid: channel, phone: ana, at: noon },
    ]);
    expect(standings.map((standing) => standing.lastInboundAt)).toEqual([minutes(-30), minutes(-90), null, null, minutes(-5), minutes(-30)]);
  });

  it('records a message once however often it arrives, for every channel of the number it was written to', async () => {
    const channels = [randomUUID(), randomUUID()];
    const ana = phone();
    const id = wamid();
    await wrote(channels, ana, minutes(-10), null, id);
    await wrote(channels, ana, minutes(-10), null, id);
    expect(await database.dataSource.query(`SELECT channel_uuid FROM inbound_messages WHERE provider_message_id = $1 ORDER BY channel_uuid`, [id])).toEqual(
      [...channels].sort().map((channelUuid) => ({ channel_uuid: channelUuid })),
    );
    const standings = await contacts.standings(channels.map((channelUuid) => ({ channelUuid, phone: ana, at: noon })));
    expect(standings.map((standing) => standing.lastInboundAt)).toEqual([minutes(-10), minutes(-10)]);
  });

  it('answers nothing when asked about no one', async () => {
    expect(await contacts.standings([])).toEqual([]);
  });
});

describe('ContactsRepository: consent', () => {
  it("holds a contact's STOP from its moment until their START, on that channel only", async () => {
    const [channel, otherChannel] = [randomUUID(), randomUUID()];
    const ana = phone();
    await wrote([channel, otherChannel], ana, minutes(-60), 'opt_out');
    await wrote([channel], ana, minutes(-20), 'opt_back_in');

    const standings = await contacts.standings([
      { channelUuid: channel, phone: ana, at: minutes(-61) },
      { channelUuid: channel, phone: ana, at: minutes(-60) },
      { channelUuid: channel, phone: ana, at: minutes(-30) },
      { channelUuid: channel, phone: ana, at: noon },
      { channelUuid: otherChannel, phone: ana, at: noon },
    ]);
    expect(standings.map((standing) => standing.optedOutBy)).toEqual([null, 'customer', 'customer', null, 'customer']);
  });

  it("says whose the opt-out was, and a template request's opt-in does not undo it", async () => {
    const channel = randomUUID();
    const [byTeam, byCustomer] = [phone(), phone()];
    await said(channel, byTeam, 'opt_out', minutes(-30), 'team');
    await said(channel, byTeam, 'request_opt_in', minutes(-10), 'team');
    await wrote([channel], byCustomer, minutes(-30), 'opt_out');
    await said(channel, byCustomer, 'opt_back_in', minutes(-5), 'team');

    const standings = await contacts.standings([
      { channelUuid: channel, phone: byTeam, at: noon },
      { channelUuid: channel, phone: byCustomer, at: minutes(-10) },
      { channelUuid: channel, phone: byCustomer, at: noon },
    ]);
    expect(standings.map((standing) => standing.optedOutBy)).toEqual(['team', 'customer', null]);
  });

  it('takes the change recorded last when two carry the same moment, and records each source once', async () => {
    const channel = randomUUID();
    const ana = phone();
    await said(channel, ana, 'opt_back_in', minutes(-10), 'team', 'api-key:one');
    await said(channel, ana, 'opt_out', minutes(-10), 'team', 'api-key:two');
    await said(channel, ana, 'opt_back_in', minutes(-10), 'team', 'api-key:one');

    const [standing] = await contacts.standings([{ channelUuid: channel, phone: ana, at: noon }]);
    expect(standing.optedOutBy).toBe('team');
    expect(await database.dataSource.query(`SELECT count(*)::int AS n FROM consent_events WHERE phone = $1`, [ana])).toEqual([{ n: 2 }]);
  });
});
