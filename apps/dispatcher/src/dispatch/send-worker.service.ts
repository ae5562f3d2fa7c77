import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { FailureReason } from '@herald/contracts';
import { retryDelay, untilAvailable } from '@herald/kafka';
import { classifyProviderError, SecretBox, SecretBoxError, sendWhatsAppMessage, WhatsAppApiError } from '@herald/whatsapp';
import { ChannelsService } from '../channels/channels.service';
import { DispatcherConfig } from '../config/dispatcher.config';
import type { ClaimedSend } from './dispatch-queue.repository';
import { DispatchQueueService } from './dispatch-queue.service';
import { DispatchOutcomesService } from './dispatch-outcomes.service';
import { MediaLinksService } from '../media-links/media-links.service';
import { buildGraphRequest } from './graph-request.builder';
import { RateLimiterService } from './rate-limiter.service';
import { StatusWatermark } from './status-watermark.service';

/** Names the replica in the requests it makes, so a sandbox (or WhatsApp support) can tell replicas apart. */
const userAgent = `herald-dispatcher/${hostname()}-${process.pid}`;

/**
 * Works the send queue: claims due messages with their channels' slots (up to DISPATCH_CONCURRENCY under way),
 * calls WhatsApp for each at its slot, and settles the outcome. A throttled or failing message waits in the
 * queue, not in memory, so it holds back only its own contact's later messages.
 */
@Injectable()
export class SendWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SendWorkerService.name);
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  /** Work may be due that the last claim did not see: look again before idling. */
  private wanted = false;
  /** The last claim took all the capacity there was, so more may be due as soon as a send ends. */
  private saturated = false;
  private lastSweep = 0;

  constructor(
    private readonly queue: DispatchQueueService,
    private readonly rateLimiter: RateLimiterService,
    private readonly channels: ChannelsService,
    private readonly outcomes: DispatchOutcomesService,
    private readonly config: DispatcherConfig,
    private readonly statuses: StatusWatermark,
    private readonly secrets: SecretBox,
    private readonly mediaLinks: MediaLinksService,
  ) {}

  onApplicationBootstrap(): void {
    // A hybrid application (HTTP and the Kafka microservice) runs the lifecycle hooks once per context.
    this.loop ??= this.run();
  }

  /**
   * Stops claiming and lets the calls under way finish and be recorded, so no send is left with an unknown outcome.
   * Before shutdown, not at it: the database and the producer are still there to record and announce them.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  /** New work was queued here: look now rather than at the next poll. */
  wake(): void {
    this.wanted = true;
    this.wakeUp?.();
  }

  /**
   * Claims whatever is due, as one batch: what was queued while the previous claim was under way waits for the
   * next one, so under load each claim (and each statement that settles its sends) serves many sends.
   */
  private async run(): Promise<void> {
    while (!this.stopping) {
      this.wanted = false;
      try {
        await this.sweepNow();
        const free = this.config.DISPATCH_CONCURRENCY - this.inFlight.size;
        const claimed = free > 0 ? await this.queue.claim(free, this.config.DISPATCH_CLAIM_LEASE_MS, callLeaseMs(this.config)) : [];
        for (const send of claimed) this.track(this.send(send));
        this.saturated = claimed.length === free;
      } catch (error) {
        this.logger.error(`send queue: ${(error as Error).message}`);
        // The database is away: look again at the poll interval, not in a tight loop.
        this.wanted = false;
      }
      await this.idle();
    }
  }

  private track(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => this.logger.error(`send failed unexpectedly: ${(error as Error).message}`))
      .finally(() => {
        this.inFlight.delete(tracked);
        // Otherwise a send ending frees capacity nothing is waiting for: the queue had no more due work. A claim scans
        // the head of the queue, so a saturated worker claims again once a quarter of its capacity is free, not for
        // every send that ends: under a backlog that would be a claim per send, and the database's busiest statement.
        if (this.saturated && this.config.DISPATCH_CONCURRENCY - this.inFlight.size >= Math.ceil(this.config.DISPATCH_CONCURRENCY / 4)) {
          this.wake();
        }
      });
    this.inFlight.add(tracked);
  }

  /** Until woken, or the poll interval for work queued by other replicas or due for a retry. */
  private idle(): Promise<void> {
    if (this.wanted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.config.DISPATCH_POLL_INTERVAL_MS);
      this.wakeUp = done;
    });
  }

  private async sweepNow(): Promise<void> {
    if (Date.now() - this.lastSweep < 1_000) return;
    this.lastSweep = Date.now();
    const statusesCaughtUp = () => this.statuses.caughtUpTo().catch(() => null);
    await this.mediaLinks.sweep();
    const { settled, held } = await this.queue.sweep(this.config.DISPATCH_RECONCILE_WINDOW_MS, statusesCaughtUp);
    for (const send of settled) await this.outcomes.publish(send);
    for (const send of held) {
      this.logger.warn(
        `message ${send.message.messageUuid}: outcome unknown, and no status webhook of channel ${send.message.channelUuid} has come for a later send; held, not sent again, until a webhook settles it`,
      );
      await this.outcomes.held(send.message, outcomeUnknown, send.requestId);
    }
  }

  private async send(send: ClaimedSend): Promise<void> {
    const { message } = send;
    if (!send.channel?.active) {
      await this.fail(send, { code: 'channel_not_configured', message: 'The channel is not configured for sending' });
      return;
    }
    const rate = send.channel.messagesPerSecond;
    const slotAt = Date.now() + send.waitMs;
    if (send.waitMs > 0) await sleep(send.waitMs);
    if (this.stopping) {
      await this.queue.release(send);
      return;
    }
    // A slot this process reached late anyway (its event loop stalled, the database was slow) is given up for the
    // next one, once: more than one interval late (50 ms at least, for the fastest channels).
    if (Date.now() - slotAt > Math.max(1_000 / rate, 50)) {
      const again = await this.rateLimiter.reserve(message.channelUuid, rate);
      if (again > 0) await sleep(again);
    }
    const attempt = send.attempts + 1;
    let accessToken: string;
    try {
      accessToken = this.secrets.open(send.channel.accessTokenSealed);
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      // An operator's mistake (a key dropped from HERALD_SECRET_KEYS_OLD too early): said loudly, and nothing is sent.
      this.logger.error(`channel ${message.channelUuid}: its access token cannot be opened: ${error.message}`);
      await this.fail(send, { code: 'channel_not_configured', message: "The channel's access token cannot be opened with this dispatcher's keys" });
      return;
    }
    const endpoint = {
      apiUrl: this.config.WHATSAPP_API_URL,
      apiVersion: this.config.WHATSAPP_API_VERSION,
      phoneNumberId: send.channel.phoneNumberId,
      accessToken,
    };
    const media = await this.mediaLinks.resolve(buildGraphRequest(message), message.channelUuid, endpoint);
    if (media.outcome === 'wait') {
      await this.persist(message.messageUuid, () => this.queue.release(send, media.delayMs));
      return;
    }
    if (media.outcome === 'fail') {
      await this.fail(send, media.failure);
      return;
    }
    try {
      const { providerMessageId } = await sendWhatsAppMessage(
        endpoint,
        media.request,
        this.config.WHATSAPP_REQUEST_TIMEOUT_MS,
        { 'user-agent': userAgent },
      );
      await this.persist(message.messageUuid, () => this.queue.markSent({ ...send, channelUuid: message.channelUuid }, providerMessageId));
      await this.outcomes.dispatched(message, providerMessageId, send.requestId);
    } catch (error) {
      if (!(error instanceof WhatsAppApiError)) throw error;
      await this.handleError(send, error, attempt);
    }
  }

  private async handleError(send: ClaimedSend, error: WhatsAppApiError, attempt: number): Promise<void> {
    const { message } = send;
    const handling = classifyProviderError(error);
    if (!handling.retry) {
      if (handling.channelUnhealthy) {
        await this.channels.markUnhealthy(message.channelUuid, { code: handling.code, message: handling.message, ...providerCode(error) });
      }
      await this.fail(send, { code: handling.code, message: handling.message, ...providerCode(error) });
      return;
    }
    if (handling.kind === 'outcome_unknown') {
      this.logger.warn(`message ${message.messageUuid}: ${error.message}; waiting for a webhook before sending again`);
      const settled = await this.persist(message.messageUuid, () => this.queue.markOutcomeUnknown(message.messageUuid));
      if (settled) await this.outcomes.publish(settled);
      return;
    }
    const throttled = handling.kind === 'throttled' || handling.kind === 'pair_rate_limited';
    const exhausted = throttled
      ? send.throttledRetries + 1 >= this.config.DISPATCH_MAX_THROTTLED_RETRIES
      : attempt >= this.config.DISPATCH_MAX_ATTEMPTS;
    if (exhausted) {
      await this.fail(send, {
        code: 'provider_unavailable',
        message: `WhatsApp did not take the message after ${attempt + send.throttledRetries} attempts: ${error.message}`,
        ...providerCode(error),
      });
      return;
    }
    let delay: number;
    if (handling.kind === 'pair_rate_limited') {
      // Only this recipient waits: the rest of the channel's queue goes on.
      delay = this.config.DISPATCH_PAIR_RETRY_MS + Math.round(Math.random() * this.config.DISPATCH_PAIR_RETRY_MS * 0.2);
    } else if (handling.kind === 'throttled') {
      await this.rateLimiter.pause(message.channelUuid, this.config.DISPATCH_THROTTLE_PAUSE_MS);
      delay = retryDelay(send.throttledRetries + 1, this.config.DISPATCH_THROTTLE_PAUSE_MS, this.config.DISPATCH_RETRY_MAX_MS);
    } else {
      delay = retryDelay(attempt, this.config.DISPATCH_RETRY_BASE_MS, this.config.DISPATCH_RETRY_MAX_MS);
    }
    this.logger.warn(`message ${message.messageUuid}: ${handling.kind} (${error.message}); retrying in ${delay} ms`);
    await this.persist(message.messageUuid, () => this.queue.retryLater(message.messageUuid, delay, throttled));
  }

  private async fail(send: ClaimedSend, reason: FailureReason): Promise<void> {
    await this.persist(send.messageUuid, () => this.queue.markFailed(send.messageUuid, reason));
    await this.outcomes.failed(send.message, reason, send.requestId);
  }

  /**
   * Records what became of a call however long the database takes to come back (announcing it waits out the broker
   * the same way, in DispatchOutcomesService): forgetting the outcome of a call WhatsApp answered could send the
   * message twice.
   */
  private persist<T>(messageUuid: string, step: () => Promise<T>): Promise<T> {
    return untilAvailable(step, (error, delay) =>
      this.logger.warn(`message ${messageUuid}: outcome not recorded yet (${(error as Error).message}); retrying in ${delay} ms`),
    );
  }
}

/** How long a call may be under way after its slot before its outcome counts as unknown: the request's timeout and a margin. */
const callLeaseMs = (config: DispatcherConfig) => config.WHATSAPP_REQUEST_TIMEOUT_MS + 5_000;

const outcomeUnknown: FailureReason = {
  code: 'outcome_unknown',
  message: "WhatsApp did not answer the send, and the channel's status webhooks have not shown whether it took it: held, not sent again",
};

const providerCode = (error: WhatsAppApiError) => (error.code !== undefined ? { providerCode: error.code } : {});
