import { randomBytes, randomUUID } from 'node:crypto';
import { migratedDatabase, type MigratedDatabase } from '@herald/testing';
import { policyDatabase } from '../database/policy.database';
import { windowClosesAt } from '../decisions/rules';
import { WindowAlertsRepository, WindowAlertTimes } from './window-alerts.repository';

/** The window-closing alerts against the policy's schema, in a PostgreSQL database of this file's own. */
let database: MigratedDatabase;
let alerts: WindowAlertsRepository;

beforeAll(async () => {
  database = await migratedDatabase(policyDatabase);
  alerts = new WindowAlertsRepository(database.dataSource);
}, 30_000);

afterAll(() => database?.drop());

const LEAD_MS = 60 * 60_000;
const noon = new Date('2026-11-24T12:00:00.000Z');
const minutes = (n: number, from = noon) => new Date(from.getTime() + n * 60_000);
const phone = () => `+1555${randomBytes(3).readUIntBE(0, 3)}`;

/** The customer wrote to the channel at `at`: the alert of that window, an hour before it closes. */
const wrote = (channelUuid: string, contact: string, at: Date) => {
  const closesAt = windowClosesAt(at);
  return alerts.schedule([{ channelUuid, phone: contact, lastInboundAt: at, closesAt, dueAt: new Date(closesAt.getTime() - LEAD_MS) }]);
};

/** What a poll at `now` publishes (only the alerts of these contacts: the database is shared by the file's tests). */
async function poll(now: Date, mine: string[]): Promise<WindowAlertTimes[]> {
  const published: WindowAlertTimes[] = [];
  for (;;) {
    const outcome = await alerts.claim(now, 100, async (due) => void published.push(...due));
    if (outcome.published + outcome.passedOver === 0) break;
  }
  return published.filter((alert) => mine.includes(alert.phone));
}

describe('WindowAlertsRepository', () => {
  it('publishes an alert once, when it is due, with the window it is about', async () => {
    const [channel, ana] = [randomUUID(), phone()];
    await wrote(channel, ana, noon);
    const closesAt = minutes(24 * 60);
    expect(await poll(minutes(-1, minutes(-60, closesAt)), [ana])).toEqual([]);
    expect(await poll(minutes(-60, closesAt), [ana])).toEqual([{ channelUuid: channel, phone: ana, lastInboundAt: noon, closesAt, dueAt: minutes(-60, closesAt) }]);
    expect(await poll(minutes(-30, closesAt), [ana])).toEqual([]);
  });

  it('does not publish for a window a later message extended before it was due, but for the new one', async () => {
    const [channel, ana] = [randomUUID(), phone()];
    await wrote(channel, ana, noon);
    await wrote(channel, ana, minutes(120));
    const closesAt = minutes(26 * 60);
    expect(await poll(minutes(23 * 60 + 30), [ana])).toEqual([]);
    expect((await poll(minutes(-60, closesAt), [ana])).map((alert) => alert.closesAt)).toEqual([closesAt]);
  });

  it('is not made again by the same message delivered again, nor moved back by an older one', async () => {
    const [channel, ana] = [randomUUID(), phone()];
    await wrote(channel, ana, noon);
    const due = minutes(23 * 60);
    expect(await poll(due, [ana])).toHaveLength(1);
    await wrote(channel, ana, noon);
    await wrote(channel, ana, minutes(-10));
    expect(await poll(minutes(1, due), [ana])).toEqual([]);
  });

  it('passes over the alert of a window that closed before it was claimed (old messages caught up on)', async () => {
    const [channel, ana, bob] = [randomUUID(), phone(), phone()];
    await wrote(channel, ana, minutes(-3 * 24 * 60));
    await wrote(channel, bob, minutes(-23 * 60 - 30));
    expect((await poll(noon, [ana, bob])).map((alert) => alert.phone)).toEqual([bob]);
    expect(await database.dataSource.query(`SELECT count(*)::int AS n FROM window_alerts WHERE phone = $1 AND published_at IS NOT NULL`, [ana])).toEqual([{ n: 1 }]);
  });

  it('marks nothing when publishing fails, so the next poll publishes it', async () => {
    const [channel, ana] = [randomUUID(), phone()];
    await wrote(channel, ana, minutes(-23 * 60 - 30));
    await expect(
      alerts.claim(noon, 100, async () => {
        throw new Error('the broker is away');
      }),
    ).rejects.toThrow('the broker is away');
    expect((await poll(noon, [ana])).map((alert) => alert.phone)).toEqual([ana]);
  });

  it('gives each due alert to one of two concurrent claimers', async () => {
    const channel = randomUUID();
    const contacts = Array.from({ length: 20 }, phone);
    for (const contact of contacts) await wrote(channel, contact, minutes(-23 * 60 - 30));
    const claimedBy: string[][] = [[], []];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The first claimer holds its rows while it publishes; the second claims meanwhile.
    const first = alerts.claim(noon, 10, async (due) => {
      claimedBy[0].push(...due.map((alert) => alert.phone));
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = alerts.claim(noon, 100, async (due) => void claimedBy[1].push(...due.map((alert) => alert.phone)));
    await second;
    release();
    await first;
    const mine = claimedBy.map((phones) => phones.filter((claimed) => contacts.includes(claimed)));
    expect(mine[0].length).toBeGreaterThan(0);
    expect(mine[1].length).toBeGreaterThan(0);
    expect(mine[0].filter((claimed) => mine[1].includes(claimed))).toEqual([]);
    expect([...mine[0], ...mine[1]].sort()).toEqual([...contacts].sort());
    expect(await poll(noon, contacts)).toEqual([]);
  });
});
