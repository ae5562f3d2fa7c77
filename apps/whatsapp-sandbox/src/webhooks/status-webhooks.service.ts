import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { request } from 'undici';
import { SIGNATURE_HEADER, type WebhookStatusValue } from '@herald/whatsapp';
import { SandboxConfig } from '../config/sandbox.config';
import { newConversationId } from '../graph/graph-ids';
import {
  buildStatusWebhook,
  deliveryStatuses,
  type PricingCategory,
  signedWebhookBody,
} from './status-webhook.builder';
import { WebhookDeliveryLog, type WebhookDeliveryRecord } from './webhook-delivery.log';

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

interface Pause {
  timer: NodeJS.Timeout;
  end: () => void;
}

/**
 * Reports `sent`, `delivered` and `read` for every accepted message to WEBHOOK_URL, signed as Meta signs them, at
 * the configured delays after the send. Each message has its own chain of timers, so its statuses go out in order
 * while a slow or failing receiver of one message never holds back another's. A webhook the receiver does not take
 * (non-2xx, unreachable, too slow) is tried again after each of SANDBOX_WEBHOOK_RETRY_DELAYS_MS, then given up.
 */
@Injectable()
export class StatusWebhooksService implements OnApplicationShutdown {
  private readonly logger = new Logger(StatusWebhooksService.name);
  private readonly pauses = new Set<Pause>();
  /** Aborts the requests under way when the application shuts down. */
  private readonly shutdown = new AbortController();
  /** Bumped by `cancelPending`: chains started under an older generation stop at their next step. */
  private generation = 0;

  constructor(
    private readonly config: SandboxConfig,
    private readonly log: WebhookDeliveryLog,
  ) {}

  /** Starts reporting the statuses of a message; returns at once. */
  schedule(message: AcceptedMessage): void {
    void this.reportInOrder(message, this.generation).catch((error: unknown) =>
      this.logger.error(
        `status webhooks of ${message.wamid} stopped: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }

  /** Stops every status webhook not sent yet (attempts under way finish); returns how many waits it cut short. */
  cancelPending(): number {
    this.generation += 1;
    const cancelled = this.pauses.size;
    for (const pause of [...this.pauses]) {
      clearTimeout(pause.timer);
      pause.end();
    }
    this.pauses.clear();
    return cancelled;
  }

  onApplicationShutdown(): void {
    this.cancelPending();
    this.shutdown.abort();
  }

  private async reportInOrder(message: AcceptedMessage, generation: number): Promise<void> {
    const conversation = {
      id: newConversationId(),
      expiresAt: new Date(message.acceptedAt.getTime() + CONVERSATION_LIFETIME_MS),
      category: message.category,
    };
    const delays = message.delaysMs ?? this.config.SANDBOX_WEBHOOK_DELAYS_MS;
    const plan: Array<{ status: WebhookStatusValue; delay: number }> = message.failure
      ? [{ status: 'failed', delay: delays[0] }]
      : deliveryStatuses.map((status, index) => ({ status, delay: delays[index] })).sort((a, b) => a.delay - b.delay);
    for (const { status, delay } of plan) {
      const dueAt = message.acceptedAt.getTime() + delay;
      await this.pause(dueAt - Date.now());
      if (generation !== this.generation) return;
      const payload = buildStatusWebhook({
        wabaId: this.config.SANDBOX_WABA_ID,
        displayPhoneNumber: this.config.SANDBOX_DISPLAY_PHONE_NUMBER,
        phoneNumberId: message.phoneNumberId,
        wamid: message.wamid,
        status,
        at: new Date(),
        recipientWaId: message.recipientWaId,
        bizOpaqueCallbackData: message.bizOpaqueCallbackData,
        conversation,
        ...(message.failure ? { error: message.failure } : {}),
      });
      const { body, signature } = signedWebhookBody(payload, this.config.WHATSAPP_APP_SECRET);
      await this.deliver(message.wamid, status, body, signature, generation);
    }
  }

  /** One status webhook, with its retries; the same bytes every attempt, as Meta resends the same payload. */
  private async deliver(
    wamid: string,
    status: WebhookStatusValue,
    body: Buffer,
    signature: string,
    generation: number,
  ) {
    const url = this.config.WEBHOOK_URL;
    const record = this.log.start(wamid, status, url);
    const retryDelays = this.config.SANDBOX_WEBHOOK_RETRY_DELAYS_MS;
    for (let attempt = 1; ; attempt += 1) {
      await this.attempt(record, body, signature);
      if (record.outcome === 'delivered') return;
      if (this.shutdown.signal.aborted) return;
      if (attempt > retryDelays.length) {
        record.outcome = 'failed';
        this.logger.warn(
          `gave up on the ${status} webhook of ${wamid} after ${attempt} attempts (last: ${record.lastError ?? `HTTP ${record.lastHttpStatus}`})`,
        );
        return;
      }
      await this.pause(retryDelays[attempt - 1]);
      if (generation !== this.generation) {
        record.outcome = 'failed';
        record.lastError = 'cancelled';
        return;
      }
    }
  }

  private async attempt(record: WebhookDeliveryRecord, body: Buffer, signature: string): Promise<void> {
    record.attempts += 1;
    try {
      // undici's request rather than fetch: a fraction of the CPU per call, and the sandbox shares the machine
      // with the platform it drives.
      const response = await request(record.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signature,
          'user-agent': 'facebookexternalua',
        },
        body,
        signal: AbortSignal.any([
          this.shutdown.signal,
          AbortSignal.timeout(this.config.SANDBOX_WEBHOOK_TIMEOUT_MS),
        ]),
      });
      await response.body.dump().catch(() => undefined);
      const ok = response.statusCode >= 200 && response.statusCode <= 299;
      record.lastHttpStatus = response.statusCode;
      record.lastError = ok ? null : `HTTP ${response.statusCode}`;
      if (ok) {
        record.outcome = 'delivered';
        record.deliveredAt = new Date().toISOString();
      }
    } catch (error) {
      record.lastHttpStatus = null;
      record.lastError = describeFetchError(error);
    }
    this.logger.debug(
      `${record.status} webhook of ${record.wamid}: attempt ${record.attempts}, ${record.lastError ?? `HTTP ${record.lastHttpStatus}`}`,
    );
  }

  /** A timer that `cancelPending` can end early (it resolves then, and the chain sees the new generation). */
  private pause(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const pause: Pause = {
        timer: setTimeout(() => {
          this.pauses.delete(pause);
          resolve();
        }, ms),
        end: resolve,
      };
      this.pauses.add(pause);
    });
  }
}

/** Why an attempt got no answer. Duck-typed: fetch's errors may come from another realm (as under jest). */
function describeFetchError(error: unknown): string {
  const { name, message, code, cause } = (error ?? {}) as {
    name?: string;
    message?: string;
    code?: unknown;
    cause?: { code?: string; message?: string };
  };
  if (name === 'TimeoutError') return 'timed out';
  if (name === 'AbortError') return 'aborted';
  if (typeof code === 'string') return `request failed: ${code}`;
  const reason = cause?.code ?? cause?.message;
  return reason ? `${message ?? 'request failed'}: ${reason}` : (message ?? String(error));
}
