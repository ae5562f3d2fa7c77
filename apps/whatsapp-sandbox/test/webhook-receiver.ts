import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookPayload, WebhookStatus } from '@herald/whatsapp';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  /** The raw bytes, as the signature covers them. */
  rawBody: Buffer;
  payload: WebhookPayload;
  /** The one status the sandbox puts in each webhook. */
  status: WebhookStatus;
  receivedAt: number;
}

/** How the receiver answers one webhook: an HTTP status, after an optional pause. */
export type ReceiverAnswer = (
  webhook: ReceivedWebhook,
  index: number,
) => { status: number; delayMs?: number };

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Resolves once `count` webhooks have arrived; fails after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** A tiny stand-in for the ingress's webhook endpoint, on a free local port. */
export async function startWebhookReceiver(
  answer: ReceiverAnswer = () => ({ status: 200 }),
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const waiters = new Set<() => void>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const payload = JSON.parse(rawBody.toString('utf8')) as WebhookPayload;
      // A simulated customer's message: answered, and not counted among the status webhooks the tests wait for.
      if (!payload.entry[0].changes[0].value.statuses) {
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      const webhook: ReceivedWebhook = {
        headers: request.headers,
        rawBody,
        payload,
        status: payload.entry[0].changes[0].value.statuses![0],
        receivedAt: Date.now(),
      };
      received.push(webhook);
      waiters.forEach((wake) => wake());
      const { status, delayMs = 0 } = answer(webhook, received.length - 1);
      setTimeout(() => response.writeHead(status, { 'content-type': 'text/plain' }).end('ok'), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/whatsapp`,
    received,
    waitFor: (count, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (received.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(received.slice(0, count));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} webhooks within ${timeoutMs} ms, got ${received.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
