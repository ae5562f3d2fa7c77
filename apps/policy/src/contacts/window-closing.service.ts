import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { contactUuidFor, ContactWindowClosingData, contactWindowClosingKey, envelope, Topics } from '@herald/contracts';
import { EventPublisher } from '@herald/kafka';
import { ChannelsService } from '../channels/channels.service';
import { PolicyConfig } from '../config/policy.config';
import { windowClosesAt } from '../decisions/rules';
import { ClaimOutcome, WindowAlertsRepository, WindowAlertTimes } from './window-alerts.repository';

/** The poll's name in the SchedulerRegistry. */
const WINDOW_CLOSING_POLL = 'window-closing-poll';

/** Alerts claimed per transaction: a claim holds its rows' locks while it publishes them. */
const CLAIM_LIMIT = 200;

/**
 * Publishes `contact.window_closing` once per window, WINDOW_CLOSING_LEAD_MS before it closes, from every replica:
 * each poll (every WINDOW_CLOSING_POLL_MS) claims the alerts that are due, publishes them with the channel's team,
 * and marks them published once Kafka has them. Everything an event carries follows from the window, so one
 * published again after a crash is the same event, which the notifier's event id makes one webhook.
 */
@Injectable()
export class WindowClosingService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WindowClosingService.name);
  private polling?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly alerts: WindowAlertsRepository,
    private readonly channels: ChannelsService,
    private readonly publisher: EventPublisher,
    private readonly config: PolicyConfig,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  /** Whether alerts are published at all (a lead of 0 turns them off). */
  get enabled(): boolean {
    return this.config.WINDOW_CLOSING_LEAD_MS > 0;
  }

  /** The alert of the window a customer's message at `lastInboundAt` opened: due WINDOW_CLOSING_LEAD_MS before it closes. */
  timesOf(lastInboundAt: Date): Pick<WindowAlertTimes, 'lastInboundAt' | 'closesAt' | 'dueAt'> {
    const closesAt = windowClosesAt(lastInboundAt);
    return { lastInboundAt, closesAt, dueAt: new Date(closesAt.getTime() - this.config.WINDOW_CLOSING_LEAD_MS) };
  }

  onApplicationBootstrap(): void {
    // A hybrid application (HTTP and the Kafka microservice) runs the lifecycle hooks once per context.
    if (!this.enabled || this.scheduler.doesExist('interval', WINDOW_CLOSING_POLL)) return;
    const interval = setInterval(() => {
      if (!this.stopped) this.polling ??= this.pollLogged().finally(() => (this.polling = undefined));
    }, this.config.WINDOW_CLOSING_POLL_MS);
    interval.unref();
    this.scheduler.addInterval(WINDOW_CLOSING_POLL, interval);
  }

  /** Before Kafka's producer and the database close: a claim under way publishes and commits, or rolls back whole. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.scheduler.doesExist('interval', WINDOW_CLOSING_POLL)) this.scheduler.deleteInterval(WINDOW_CLOSING_POLL);
    await this.polling;
  }

  /** Publishes every alert due at `now`, a claim at a time, until none is left. */
  async poll(now = new Date()): Promise<ClaimOutcome> {
    const total: ClaimOutcome = { published: 0, passedOver: 0 };
    for (;;) {
      const outcome = await this.alerts.claim(now, CLAIM_LIMIT, (due) => this.publish(due));
      total.published += outcome.published;
      total.passedOver += outcome.passedOver;
      if (outcome.published + outcome.passedOver < CLAIM_LIMIT || this.stopped) return total;
    }
  }

  private async pollLogged(): Promise<void> {
    try {
      const { published, passedOver } = await this.poll();
      if (published + passedOver > 0) this.logger.log(`published ${published} window-closing alerts; passed over ${passedOver} whose window had closed`);
    } catch (error) {
      this.logger.warn(`window-closing alerts not published, tried again in ${this.config.WINDOW_CLOSING_POLL_MS} ms: ${(error as Error).message}`);
    }
  }

  /** One event per alert, for the team of its channel; an alert of a channel the policy does not know is dropped. */
  private async publish(due: WindowAlertTimes[]): Promise<void> {
    const facts = await this.channels.factsOf([...new Set(due.map((alert) => alert.channelUuid))]);
    await Promise.all(
      due.map((alert) => {
        const teamUuid = facts.get(alert.channelUuid)?.teamUuid;
        if (!teamUuid) {
          this.logger.warn(`window-closing alert of channel ${alert.channelUuid}, which the policy does not know; dropped`);
          return undefined;
        }
        const data: ContactWindowClosingData = {
          teamUuid,
          channelUuid: alert.channelUuid,
          contactUuid: contactUuidFor(teamUuid, alert.phone),
          phone: alert.phone,
          lastInboundAt: alert.lastInboundAt.toISOString(),
          closesAt: alert.closesAt.toISOString(),
        };
        return this.publisher.publish({
          topic: Topics.ContactWindowClosing,
          key: contactWindowClosingKey(data),
          // Its moment is when it was due, not when a poll got to it: the same both times should it be published twice.
          event: envelope(Topics.ContactWindowClosing, data, { occurredAt: alert.dueAt }),
        });
      }),
    );
  }
}
