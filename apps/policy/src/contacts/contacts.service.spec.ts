import type { InboundMessageData } from '@herald/contracts';
import type { ChannelsService } from '../channels/channels.service';
import type { Channel } from '../channels/channel.entity';
import type { ContactAt, ContactsRepository, Standing } from './contacts.repository';
import { ContactsService } from './contacts.service';
import type { WindowAlertsRepository, WindowAlertTimes } from './window-alerts.repository';
import type { WindowClosingService } from './window-closing.service';

const channels = ['00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003'];
const wroteAt = new Date('2026-11-24T12:00:00.000Z');

function harness({ alertsOn = true } = {}) {
  const scheduled: Array<WindowAlertTimes & { channelUuid: string; phone: string }> = [];
  const contacts = {
    recordInbound: jest.fn(async () => undefined),
    standings: async (asked: ContactAt[]): Promise<Standing[]> => asked.map((contact) => ({ lastInboundAt: contact.phone.endsWith('1') ? wroteAt : null, optedOutBy: null })),
  };
  const channelsService = { byPhoneNumberId: async () => channels.map((uuid) => ({ uuid }) as Channel) } as unknown as ChannelsService;
  const alerts = { schedule: async (given: typeof scheduled) => void scheduled.push(...given) } as unknown as WindowAlertsRepository;
  const windowClosing = {
    enabled: alertsOn,
    timesOf: (lastInboundAt: Date) => ({ lastInboundAt, closesAt: new Date(lastInboundAt.getTime() + 86_400_000), dueAt: new Date(lastInboundAt.getTime() + 82_800_000) }),
  } as unknown as WindowClosingService;
  return { service: new ContactsService(contacts as unknown as ContactsRepository, channelsService, alerts, windowClosing), scheduled, contacts };
}

const inbound = { phoneNumberId: '100000000000002', from: '+15550001111', providerMessageId: 'wamid.1', sentAt: wroteAt.toISOString(), type: 'text', text: 'Hi' } as InboundMessageData;

describe('ContactsService', () => {
  it("moves the closing alert of every channel of the number to the new window's end", async () => {
    const { service, scheduled } = harness();
    await service.recordInbound(inbound);
    expect(scheduled).toEqual(
      channels.map((channelUuid) => ({
        channelUuid,
        phone: '+15550001111',
        lastInboundAt: wroteAt,
        closesAt: new Date('2026-11-25T12:00:00.000Z'),
        dueAt: new Date('2026-11-25T11:00:00.000Z'),
      })),
    );
  });

  it('schedules no alert when they are turned off', async () => {
    const { service, scheduled, contacts } = harness({ alertsOn: false });
    await service.recordInbound(inbound);
    expect(contacts.recordInbound).toHaveBeenCalledTimes(1);
    expect(scheduled).toEqual([]);
  });

  it("answers each contact's window at a moment by the rule, in the order asked", async () => {
    const { service } = harness();
    const [channelUuid] = channels;
    expect(
      await service.windows(
        [
          { channelUuid, phone: '+15550000001' },
          { channelUuid, phone: '+15550000002' },
        ],
        new Date('2026-11-25T11:59:00.000Z'),
      ),
    ).toEqual([
      { channelUuid, phone: '+15550000001', open: true, closesAt: '2026-11-25T12:00:00.000Z', lastInboundAt: wroteAt.toISOString() },
      { channelUuid, phone: '+15550000002', open: false, closesAt: null, lastInboundAt: null },
    ]);
    expect((await service.windows([{ channelUuid, phone: '+15550000001' }], new Date('2026-11-25T12:01:00.000Z')))[0].open).toBe(false);
  });
});
