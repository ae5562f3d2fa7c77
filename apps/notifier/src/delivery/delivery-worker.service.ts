import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { WebhookAttemptView } from '@herald/contracts';
import { DELIVERY_RETRY_HOURS, WebhookDeliveriesRepository, WebhookDelivery, WebhookEndpoint, WebhookEndpointsRepository } from '@herald/webhooks';
import { SecretBox } from '@herald/whatsapp';
import { NotifierConfig } from '../config/notifier.config';
import { nextAttemptAt, RetryPolicy } from './retry-schedule';
import { signDelivery } from './signature';
import { WebhookClient } from './webhook-client';

/** A lease outlives its attempt by this much: the settling statement after the answer must fit in it too. */
const LEASE_MARGIN_MS = 30_000;

/**
 * Works the delivery queue in every replica: claims due deliveries (up to WEBHOOK_CONCURRENCY under way here, and
 * WEBHOOK_ENDPOINT_CONCURRENCY per endpoint across replicas, which the claim enforces), signs and POSTs each, and
 * records the attempt. A failed delivery waits in the queue for its next attempt, not in memory; an endpoint whose
 * every attempt failed for WEBHOOK_DISABLE_AFTER_HOURS is disabled.
 */
@Injectable()
export class DeliveryWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryWorkerService.name);
  private readonly inFlight = new Set<Promise<void>>();
  private readonly retry: RetryPolicy;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private wanted = false;
  private saturated = false;

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly client: WebhookClient,
    private readonly secrets: SecretBox,
    private readonly config: NotifierConfig,
  ) {
    this.retry = { baseMs: config.WEBHOOK_RETRY_BASE_MS, maxMs: config.WEBHOOK_RETRY_MAX_MS };
  }

  onApplicationBootstrap(): void {
    // A hybrid application (HTTP and the Kafka microservice) runs the lifecycle hooks once per context.
    this.loop ??= this.run();
  }

  /** Stops claiming and lets the attempts under way finish and be recorded, while the database is still there. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
    await this.client.close();
  }

  /** Deliveries were queued here: look now rather than at the next poll. */
  wake(): void {
    this.wanted = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      this.wanted = false;
      try {
        const free = this.config.WEBHOOK_CONCURRENCY - this.inFlight.size;
        const claimed = free > 0 ? await this.deliveries.claim(free, this.config.WEBHOOK_ENDPOINT_CONCURRENCY, this.config.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS) : [];
        if (claimed.length > 0) {
          const endpoints = new Map((await this.endpoints.byUuids([...new Set(claimed.map((delivery) => delivery.endpointUuid))])).map((endpoint) => [endpoint.uuid, endpoint]));
          for (const delivery of claimed) this.track(this.deliver(delivery, endpoints.get(delivery.endpointUuid)));
        }
        this.saturated = free > 0 && claimed.length === free;
      } catch (error) {
        this.logger.warn(`delivery queue: ${(error as Error).message}`);
        // The database is away: look again at the poll interval, not in a tight loop.
        this.wanted = false;
      }
      await this.idle();
    }
  }

  private track(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => this.logger.warn(`a delivery's attempt was not recorded, its lease runs out and it is tried again: ${(error as Error).message}`))
      .finally(() => {
        this.inFlight.delete(tracked);
        // Claim again once a quarter of the capacity is free, not for every attempt that ends.
        if (this.saturated && this.config.WEBHOOK_CONCURRENCY - this.inFlight.size >= Math.ceil(this.config.WEBHOOK_CONCURRENCY / 4)) this.wake();
        // Otherwise an attempt that ended may have freed the next event of its message for its endpoint: look now.
        else if (!this.saturated) this.wake();
      });
    this.inFlight.add(tracked);
  }

  private idle(): Promise<void> {
    if (this.wanted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.config.WEBHOOK_POLL_INTERVAL_MS);
      this.wakeUp = done;
    });
  }

  /** One attempt of one delivery, recorded whatever came of it. */
  async deliver(delivery: WebhookDelivery, endpoint: WebhookEndpoint | undefined): Promise<void> {
    const now = new Date();
    if (!endpoint?.enabled) {
      const attempt: WebhookAttemptView = { at: now.toISOString(), responseCode: null, latencyMs: 0, error: 'the endpoint is disabled' };
      await this.deliveries.settle(delivery.id, { kind: 'failed', attempt });
      return;
    }
    let secrets: string[];
    try {
      secrets = this.signingSecrets(endpoint, now);
    } catch (error) {
      // Herald's keys, not the receiver: the delivery waits for a key that opens the secret, the endpoint is not failing.
      this.logger.error(`endpoint ${endpoint.uuid}: its secret does not open (${(error as Error).message}); delivery ${delivery.id} waits`);
      const attempt: WebhookAttemptView = { at: now.toISOString(), responseCode: null, latencyMs: 0, error: 'Herald could not sign the delivery' };
      const next = nextAttemptAt({ responseCode: null }, this.retriesOf(delivery) + 1, delivery.retryUntil, now, this.retry);
      await this.deliveries.settle(delivery.id, next ? { kind: 'retry', attempt, nextAttemptAt: next } : { kind: 'failed', attempt });
      return;
    }
    const { id, type, timestamp, data } = delivery.payload;
    // The payload's fields in the order the spec shows them (jsonb keeps its own): the body is signed as sent.
    const body = JSON.stringify({ id, type, timestamp, data });
    const result = await this.client.post(endpoint.url, body, { ...signDelivery(id, body, secrets, now) });
    const attempt: WebhookAttemptView = { at: now.toISOString(), responseCode: result.responseCode, latencyMs: result.latencyMs, error: result.error };
    if (result.error === null) {
      await this.deliveries.settle(delivery.id, { kind: 'delivered', attempt });
      if (endpoint.failingSince) await this.endpoints.markHealthy(endpoint.uuid);
      return;
    }
    const next = nextAttemptAt(result, this.retriesOf(delivery) + 1, delivery.retryUntil, new Date(), this.retry);
    await this.deliveries.settle(delivery.id, next ? { kind: 'retry', attempt, nextAttemptAt: next } : { kind: 'failed', attempt });
    if (!next) this.logger.warn(`delivery ${delivery.id} of ${type} ${id} to endpoint ${endpoint.uuid} failed for good: ${result.error}`);
    await this.failing(endpoint, attempt);
  }

  /** The endpoint failed again: disabled once every attempt to it failed for WEBHOOK_DISABLE_AFTER_HOURS. */
  private async failing(endpoint: WebhookEndpoint, attempt: WebhookAttemptView): Promise<void> {
    const since = await this.endpoints.markFailing(endpoint.uuid);
    const limitMs = this.config.WEBHOOK_DISABLE_AFTER_HOURS * 3_600_000;
    if (Date.now() - since.getTime() < limitMs) return;
    const reason = `every attempt failed since ${since.toISOString()} (the last: ${attempt.error})`;
    await this.endpoints.disable(endpoint.uuid, reason);
    const failed = await this.deliveries.failOpen(endpoint.uuid, { ...attempt, latencyMs: 0, responseCode: null, error: 'the endpoint was disabled' });
    this.logger.warn(`webhook.endpoint_disabled: endpoint ${endpoint.uuid} of team ${endpoint.teamUuid} disabled, ${reason}; ${failed} open deliveries failed`);
  }

  /** The current secret, and the one before a rotation while it is still valid. */
  private signingSecrets(endpoint: WebhookEndpoint, now: Date): string[] {
    const secrets = [this.secrets.open(endpoint.secretSealed)];
    if (endpoint.previousSecretSealed && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now) {
      secrets.push(this.secrets.open(endpoint.previousSecretSealed));
    }
    return secrets;
  }

  /** Attempts since the delivery was queued or last replayed: the backoff starts over with a replay. */
  private retriesOf(delivery: WebhookDelivery): number {
    const windowStart = delivery.retryUntil.getTime() - DELIVERY_RETRY_HOURS * 3_600_000;
    return delivery.attempts.filter((attempt) => Date.parse(attempt.at) >= windowStart).length;
  }
}
