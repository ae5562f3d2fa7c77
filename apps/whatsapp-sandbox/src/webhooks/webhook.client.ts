import { Pool, type Dispatcher } from 'undici';
import { SIGNATURE_HEADER } from '@herald/whatsapp';

/** How one attempt at a webhook went: the receiver's HTTP status, or why it gave none. */
export type WebhookAnswer = { httpStatus: number; error: null } | { httpStatus: null; error: string };

/**
 * POSTs signed webhooks to one receiver (WEBHOOK_URL) over a keep-alive pool of its own, each attempt bounded by
 * its own deadline. The sandbox sends thousands of webhooks a second on a machine it shares with the platform it
 * drives, so this is undici's dispatch API with a callback per attempt: no promise, no response stream and no
 * AbortSignal per request (`AbortSignal.any` with `AbortSignal.timeout` costs more CPU than the request it bounds).
 */
export class WebhookClient {
  private readonly pool: Pool;
  private readonly path: string;
  private destroyed = false;

  constructor(
    url: string,
    private readonly timeoutMs: number,
    connections: number,
  ) {
    const target = new URL(url);
    this.path = `${target.pathname}${target.search}`;
    // The attempt's own deadline bounds the whole exchange, so undici's per-phase timers would only add work.
    this.pool = new Pool(target.origin, {
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: { timeout: timeoutMs },
      connections,
    });
  }

  /** One attempt: `done` is called once, with the answer, when the receiver answered, failed, or ran out of time. */
  post(body: Buffer, signature: string, done: (answer: WebhookAnswer) => void): void {
    const attempt = new WebhookAttempt(done, this.timeoutMs);
    this.pool.dispatch(
      {
        path: this.path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signature,
          'user-agent': 'facebookexternalua',
        },
        body,
      },
      attempt,
    );
  }

  /** Ends every attempt under way (their answer is `aborted`) and takes no more. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    void this.pool.destroy(new DOMException('This operation was aborted', 'AbortError'));
  }
}

/** undici's handler for one attempt: collects the status, ignores the body, and answers once. */
class WebhookAttempt implements Dispatcher.DispatchHandlers {
  private timer?: NodeJS.Timeout;
  private abortRequest?: (error?: Error) => void;
  private statusCode = 0;
  private finished = false;

  constructor(
    private readonly done: (answer: WebhookAnswer) => void,
    private readonly timeoutMs: number,
  ) {}

  /**
   * The request has its connection: the deadline starts here, so it measures the receiver and not the wait for one
   * of the pool's connections. Counted from the post, webhooks waiting behind a slowed receiver would run out of
   * time before they were sent, and each retry would join the back of the same wait, so that none got through.
   */
  onConnect(abort: (error?: Error) => void): void {
    this.abortRequest = abort;
    this.timer = setTimeout(() => this.timedOut(), this.timeoutMs).unref();
  }

  onHeaders(statusCode: number): boolean {
    this.statusCode = statusCode;
    return true;
  }

  onData(): boolean {
    return true;
  }

  onComplete(): void {
    this.finish({ httpStatus: this.statusCode, error: null });
  }

  onError(error: Error): void {
    this.finish({ httpStatus: null, error: describeRequestError(error) });
  }

  private timedOut(): void {
    this.finish({ httpStatus: null, error: 'timed out' });
    this.abortRequest?.();
  }

  private finish(answer: WebhookAnswer): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.timer);
    this.done(answer);
  }
}

/** Why an attempt got no answer. Duck-typed: errors may come from another realm (as under jest). */
export function describeRequestError(error: unknown): string {
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
