import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { contactUuidFor, contactWindowClosingKey, Topics } from '@herald/contracts';
import type { EventPublisher, OutgoingEvent } from '@herald/kafka';
import type { ChannelsService } from '../channels/channels.service';
import { PolicyConfig } from '../config/policy.config';
import type { WindowAlertsRepository, WindowAlertTimes } from './window-alerts.repository';
import { WindowClosingService } from './window-closing.service';

const teamUuid = '00000000-0000-4000-8000-000000000001';
const channelUuid = '00000000-0000-4000-8000-000000000002';
const unknownChannel = '00000000-0000-4000-8000-000000000003';
const lastInboundAt = new Date('2026-11-24T12:00:00.000Z');
const closesAt = new Date('2026-11-25T12:00:00.000Z');
const dueAt = new Date('2026-11-25T11:00:00.000Z');

/** A service whose repository hands out `due` at the first claim, and nothing after. */
function harness(due: WindowAlertTimes[], settings: Partial<PolicyConfig> = {}) {
  const published: Array<OutgoingEvent<typeof Topics.ContactWindowClosing>> = [];
  const publisher = { publish: async (event: (typeof published)[number]) => void published.push(event) } as unknown as EventPublisher;
  const channels = { factsOf: async () => new Map([[channelUuid, { teamUuid, integration: 'whatsapp_business_api' }]]) } as unknown as ChannelsService;
  const claims: Date[] = [];
  const alerts = {
    claim: async (now: Date, _limit: number, publish: (alerts: WindowAlertTimes[]) => Promise<void>) => {
      claims.push(now);
      const batch = due.splice(0);
      if (batch.length > 0) await publish(batch);
      return { published: batch.length, passedOver: 0 };
    },
  } as unknown as WindowAlertsRepository;
  const config = Object.assign(new PolicyConfig(), settings);
  const scheduler = new SchedulerRegistry();
  return { service: new WindowClosingService(alerts, channels, publisher, config, scheduler), published, claims, scheduler };
}

describe('WindowClosingService', () => {
  it("publishes each due alert for its channel's team, dated when it was due, so a second publication is the same event", async () => {
    const phone = '+15550001111';
    const { service, published } = harness([
      { channelUuid, phone, lastInboundAt, closesAt, dueAt },
      { channelUuid: unknownChannel, phone, lastInboundAt, closesAt, dueAt },
    ]);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await service.poll(new Date('2026-11-25T11:00:03.000Z'));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(`channel ${unknownChannel}, which the policy does not know`));
    warn.mockRestore();
    const data = { teamUuid, channelUuid, contactUuid: contactUuidFor(teamUuid, phone), phone, lastInboundAt: lastInboundAt.toISOString(), closesAt: closesAt.toISOString() };
    expect(published).toEqual([
      { topic: Topics.ContactWindowClosing, key: contactWindowClosingKey(data), event: expect.objectContaining({ type: Topics.ContactWindowClosing, occurredAt: dueAt.toISOString(), data }) },
    ]);
  });

  it('times an alert WINDOW_CLOSING_LEAD_MS before the window closes', () => {
    const { service } = harness([], { WINDOW_CLOSING_LEAD_MS: 15 * 60_000 });
    expect(service.timesOf(lastInboundAt)).toEqual({ lastInboundAt, closesAt, dueAt: new Date('2026-11-25T11:45:00.000Z') });
  });

  describe('its schedule', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('polls every WINDOW_CLOSING_POLL_MS once started, once however often the hooks run, and stops at shutdown', async () => {
      const { service, claims, scheduler } = harness([], { WINDOW_CLOSING_POLL_MS: 1_000 });
      service.onApplicationBootstrap();
      service.onApplicationBootstrap();
      expect(scheduler.getIntervals()).toEqual(['window-closing-poll']);
      await jest.advanceTimersByTimeAsync(3_000);
      expect(claims).toHaveLength(3);
      await service.beforeApplicationShutdown();
      expect(scheduler.getIntervals()).toEqual([]);
      await jest.advanceTimersByTimeAsync(3_000);
      expect(claims).toHaveLength(3);
    });

    it('does not poll with a lead of 0', async () => {
      const { service, claims, scheduler } = harness([], { WINDOW_CLOSING_LEAD_MS: 0, WINDOW_CLOSING_POLL_MS: 1_000 });
      expect(service.enabled).toBe(false);
      service.onApplicationBootstrap();
      await jest.advanceTimersByTimeAsync(3_000);
      expect(scheduler.getIntervals()).toEqual([]);
      expect(claims).toHaveLength(0);
    });
  });
});
