import { type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { UrlVerdict } from '@herald/webhooks';
import { Agent, request } from 'undici';

/** What one attempt to POST an event came to, for the delivery log and the retry schedule. */
export interface PostResult {
  /** The receiver's status; null when none came. */
  responseCode: number | null;
  latencyMs: number;
  /** Why the attempt failed, in a few words a team can act on; null when it was answered 2xx. */
  error: string | null;
  /** The receiver's `Retry-After`, as it wrote it. */
  retryAfter?: string;
}

export interface WebhookClientOptions {
  /** The whole attempt at most: connecting, sending, the answer's headers and the part of its body read. */
  timeoutMs: number;
  /** Whether the URL may be delivered to, and at which addresses (checkWebhookUrl with the installation's policy). */
  check: (url: string) => Promise<UrlVerdict>;
  /** Bytes of an answer's body read before it is dropped: nobody reads it, a receiver must not fill memory with it. */
  bodyLimit?: number;
}

const DEFAULT_BODY_LIMIT = 4 * 1024;

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * POSTs events to receivers, safely: the URL is checked before every attempt against what its host resolves to
 * then, and the connection goes to one of the addresses that check answered, never to a second resolution (which a
 * name rebinding to a private address could win). No redirect is followed: a 3xx is a failed attempt. Connections
 * are kept alive per origin across deliveries; each was opened to a checked address.
 */
export class WebhookClient {
  private readonly agent: Agent;
  /** The addresses last checked for each host with an attempt under way, and how many attempts use them. */
  private readonly checked = new Map<string, { addresses: string[]; users: number }>();
  private readonly bodyLimit: number;

  constructor(private readonly options: WebhookClientOptions) {
    this.bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
    this.agent = new Agent({
      connect: { lookup: this.lookup, timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      maxRedirections: 0,
    });
  }

  async post(url: string, body: string, headers: Record<string, string>): Promise<PostResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const verdict = await this.options.check(url);
    if (!verdict.ok) return { responseCode: null, latencyMs: elapsed(), error: `refused: the URL ${verdict.reason}` };
    const release = this.hold(verdict.url.hostname, verdict.addresses);
    try {
      const response = await request(verdict.url, {
        method: 'POST',
        body,
        headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'Herald-Webhooks/1' },
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await this.skimBody(response.body);
      const code = response.statusCode;
      const retryAfter = response.headers['retry-after'];
      return {
        responseCode: code,
        latencyMs: elapsed(),
        error: code >= 200 && code < 300 ? null : code >= 300 && code < 400 ? `answered ${code}: redirects are not followed` : `answered ${code}`,
        ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
      };
    } catch (error) {
      return { responseCode: null, latencyMs: elapsed(), error: this.describe(error) };
    } finally {
      release();
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  /** Reads the answer's body up to the limit, and drops the rest with the connection it came on. */
  private async skimBody(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<void> {
    let read = 0;
    try {
      for await (const chunk of body) {
        read += chunk.length;
        if (read > this.bodyLimit) {
          body.destroy();
          return;
        }
      }
    } catch {
      // The status is the answer: a body cut short changes nothing about it.
    }
  }

  private hold(host: string, addresses: string[]): () => void {
    const entry = this.checked.get(host) ?? { addresses, users: 0 };
    entry.addresses = addresses;
    entry.users += 1;
    this.checked.set(host, entry);
    return () => {
      entry.users -= 1;
      if (entry.users === 0 && this.checked.get(host) === entry) this.checked.delete(host);
    };
  }

  /**
   * The connection's name resolution: the addresses the attempt's check answered for the host, never a fresh
   * answer. A host with no attempt under way (none should reach here) does not resolve.
   */
  private readonly lookup = (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void => {
    const entry = this.checked.get(hostname.replace(/^\[(.*)\]$/, '$1'));
    if (!entry || entry.addresses.length === 0) {
      const error: NodeJS.ErrnoException = new Error(`${hostname} was not checked for this delivery`);
      error.code = 'ENOTFOUND';
      callback(error, []);
      return;
    }
    const answers = entry.addresses.map((address) => ({ address, family: isIP(address) }));
    if ((options as LookupAllOptions).all) callback(null, answers);
    else callback(null, answers[0].address, answers[0].family);
  };

  private describe(error: unknown): string {
    const { name, code, message } = (error ?? {}) as { name?: string; code?: string; message?: string };
    if (name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
      return `no answer within ${this.options.timeoutMs} ms`;
    }
    if (code === 'ECONNREFUSED') return 'connection refused';
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection closed before an answer';
    if (code === 'ENOTFOUND') return 'host not found';
    if (typeof code === 'string' && /CERT|SSL|TLS/.test(code)) return `TLS: ${message ?? code}`;
    return message ?? String(error);
  }
}
