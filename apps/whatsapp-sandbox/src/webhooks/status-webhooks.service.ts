import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { WebhookStatusValue } from '@herald/whatsapp';
import { SandboxConfig } from '../config/sandbox.config';
import { newConversationId } from '../graph/graph-ids';
import {
  buildStatusWebhook,
  deliveryStatuses,
  type PricingCategory,
  signedWebhookBody,
} from './status-webhook.builder';
import { type DeliveryHandle, WebhookDeliveryLog } from './webhook-delivery.log';
import { type WebhookAnswer, WebhookClient } from './webhook.client';

/** A message the emulated API accepted, whose statuses are now to be reported. */
export interface AcceptedMessage {
  wamid: string;
  phoneNumberId: string;
  recipientWaId: string;
  bizOpaqueCallbackData?: string;
  category: PricingCategory;
  acceptedAt: Date;
  /** When `sent`, `delivered` and `read` go out instead of SANDBOX_WEBHOOK_DELAYS_MS; in any order. */
  delaysMs?: number[];
  /** Report the message `failed` with this error instead of sent, delivered and read. */
  failure?: { code: number; title?: string; details?: string };
}

const CONVERSATION_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** One status webhook on its way: the same bytes every attempt, as Meta resends the same payload. */
interface Delivery {
  status: WebhookStatusValue;
  handle: DeliveryHandle;
  body: Buffer;
  signature: string;
  attempts: number;
}

/** The statuses of one message: what is to be reported when, how far it got, and what it waits for. */
interface StatusReport {
  message: AcceptedMessage;
  /** The `cancelPending` generation it started under; it stops at its next step under a newer one. */
  generation: number;
  conversation: { id: string; expiresAt: Date; category: PricingCategory };
  plan: Array<{ status: WebhookStatusValue; delay: number }>;
  /** The step of the plan to report next. */
  step: number;
  /** The webhook being delivered, from its first attempt until it was delivered or given up. */
  delivery?: Delivery;
  /** The wait under way: for the next status's time, or before another attempt at `delivery`. */
  timer?: NodeJS.Timeout;
}

/**
 * Reports `sent`, `delivered` and `read` for every accepted message to WEBHOOK_URL, signed as Meta signs them, at
 * the configured delays after the send. Each message has its own chain of timers, so its statuses go out in order
 * while a slow or failing receiver of one message never holds back another's. A webhook the receiver does not take
 * (non-2xx, unreachable, too slow) is tried again after each of SANDBOX_WEBHOOK_RETRY_DELAYS_MS, then given up.
 *
 * The chain is callbacks and timers rather than an async function: three webhooks per message make it the
 * sandbox's hottest path, and every promise costs more than usual here (the request logging's async context
 * tracking hooks each one).
 */
@Injectable()
export class StatusWebhooksService implements OnApplicationShutdown {
  private readonly logger = new Logger(StatusWebhooksService.name);
  private readonly client: WebhookClient;
  /** The reports waiting on a timer, for `cancelPending` to cut short. */
  private readonly waiting = new Set<StatusReport>();
  /** Bumped by `cancelPending`: chains started under an older generation stop at their next step. */
  private generation = 0;
  private shuttingDown = false;

  constructor(
    private readonly config: SandboxConfig,
    private readonly log: WebhookDeliveryLog,
  ) {
    this.client = new WebhookClient(config.WEBHOOK_URL, config.SANDBOX_WEBHOOK_TIMEOUT_MS, config.SANDBOX_WEBHOOK_CONNECTIONS);
  }

  /** Starts reporting the statuses of a message; returns at once. */
  schedule(message: AcceptedMessage): void {
    const delays = message.delaysMs ?? this.config.SANDBOX_WEBHOOK_DELAYS_MS;
    const report: StatusReport = {
      message,
      generation: this.generation,
      conversation: {
        id: newConversationId(),
        expiresAt: new Date(message.acceptedAt.getTime() + CONVERSATION_LIFETIME_MS),
        category: message.category,
      },
      plan: message.failure
        ? [{ status: 'failed', delay: delays[0] }]
        : deliveryStatuses
            .map((status, index) => ({ status, delay: delays[index] }))
            .sort((a, b) => a.delay - b.delay),
      step: 0,
    };
    this.awaitNextStatus(report);
  }

  /** Stops every status webhook not sent yet (attempts under way finish); returns how many waits it cut short. */
  cancelPending(): number {
    this.generation += 1;
    const cancelled = [...this.waiting];
    this.waiting.clear();
    for (const report of cancelled) {
      clearTimeout(report.timer);
      this.wake(report);
    }
    return cancelled.length;
  }

  onApplicationShutdown(): void {
    this.shuttingDown = true;
    this.cancelPending();
    this.client.destroy();
  }

  /** Waits for the next status's time (each counted from the send), then reports it; or ends the chain. */
  private awaitNextStatus(report: StatusReport): void {
    const next = report.plan[report.step];
    if (next) this.wait(report, report.message.acceptedAt.getTime() + next.delay - Date.now());
  }

  /** Where a chain goes on after a wait, or at once when `cancelPending` cuts the wait short. */
  private readonly wake = (report: StatusReport): void => {
    this.waiting.delete(report);
    report.timer = undefined;
    if (report.delivery) this.retry(report, report.delivery);
    else this.reportStatus(report);
  };

  private reportStatus(report: StatusReport): void {
    if (report.generation !== this.generation) return;
    const { message } = report;
    const { status } = report.plan[report.step];
    const payload = buildStatusWebhook({
      wabaId: this.config.SANDBOX_WABA_ID,
      displayPhoneNumber: this.config.SANDBOX_DISPLAY_PHONE_NUMBER,
      phoneNumberId: message.phoneNumberId,
      wamid: message.wamid,
      status,
      at: new Date(),
      recipientWaId: message.recipientWaId,
      bizOpaqueCallbackData: message.bizOpaqueCallbackData,
      conversation: report.conversation,
      ...(message.failure ? { error: message.failure } : {}),
    });
    const { body, signature } = signedWebhookBody(payload, this.config.WHATSAPP_APP_SECRET);
    report.delivery = {
      status,
      handle: this.log.start(message.wamid, status, this.config.WEBHOOK_URL),
      body,
      signature,
      attempts: 0,
    };
    this.attempt(report, report.delivery);
  }

  private attempt(report: StatusReport, delivery: Delivery): void {
    delivery.attempts += 1;
    this.log.attemptStarted(delivery.handle);
    this.client.post(delivery.body, delivery.signature, (answer) => this.attempted(report, delivery, answer));
  }

  private attempted(report: StatusReport, delivery: Delivery, answer: WebhookAnswer): void {
    const delivered = answer.httpStatus !== null && answer.httpStatus >= 200 && answer.httpStatus <= 299;
    const error = answer.httpStatus === null ? answer.error : delivered ? null : `HTTP ${answer.httpStatus}`;
    this.log.attemptEnded(delivery.handle, answer.httpStatus, error);
    if (this.config.debugLogging) {
      this.logger.debug(
        `${delivery.status} webhook of ${report.message.wamid}: attempt ${delivery.attempts}, ${error ?? `HTTP ${answer.httpStatus}`}`,
      );
    }
    if (delivered) {
      this.log.delivered(delivery.handle, new Date());
      this.nextStatus(report);
      return;
    }
    if (this.shuttingDown) return;
    const retryDelays = this.config.SANDBOX_WEBHOOK_RETRY_DELAYS_MS;
    if (delivery.attempts > retryDelays.length) {
      this.log.failed(delivery.handle);
      this.logger.warn(
        `gave up on the ${delivery.status} webhook of ${report.message.wamid} after ${delivery.attempts} attempts (last: ${error})`,
      );
      this.nextStatus(report);
      return;
    }
    this.wait(report, retryDelays[delivery.attempts - 1]);
  }

  private retry(report: StatusReport, delivery: Delivery): void {
    if (report.generation !== this.generation) {
      this.log.failed(delivery.handle, 'cancelled');
      return;
    }
    this.attempt(report, delivery);
  }

  private nextStatus(report: StatusReport): void {
    report.delivery = undefined;
    report.step += 1;
    this.awaitNextStatus(report);
  }

  /** A timer that `cancelPending` can end early; a wait of nothing goes on at once. */
  private wait(report: StatusReport, ms: number): void {
    if (ms <= 0) {
      this.wake(report);
      return;
    }
    report.timer = setTimeout(this.wake, ms, report);
    this.waiting.add(report);
  }
}
