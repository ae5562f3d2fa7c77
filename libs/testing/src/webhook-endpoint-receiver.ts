import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request Herald's notifier made to a receiver. */
export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  /** The bytes as sent: the signature covers them. */
  body: string;
  payload: { id: string; type: string; timestamp: string; data: Record<string, unknown> };
  receivedAt: number;
}

/** How the receiver answers the `index`-th request: a status (and headers), after an optional pause. */
export type DeliveryAnswer = (delivery: ReceivedDelivery, index: number) => { status: number; delayMs?: number; headers?: Record<string, string> };

export interface DeliveryReceiver {
  /** `http://127.0.0.1:<port>/hook` */
  url: string;
  received: ReceivedDelivery[];
  /** Resolves once `count` requests have arrived; fails after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedDelivery[]>;
  close(): Promise<void>;
}

/** A customer's webhook endpoint, on a free local port, recording every request and answering as told. */
export async function startDeliveryReceiver(answer: DeliveryAnswer = () => ({ status: 200 })): Promise<DeliveryReceiver> {
  const received: ReceivedDelivery[] = [];
  const waiters = new Set<() => void>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const delivery: ReceivedDelivery = { headers: request.headers, body, payload: JSON.parse(body) as ReceivedDelivery['payload'], receivedAt: Date.now() };
      const index = received.length;
      received.push(delivery);
      for (const wake of waiters) wake();
      const { status, delayMs = 0, headers = {} } = answer(delivery, index);
      setTimeout(() => {
        if (!response.destroyed) response.writeHead(status, headers).end('{}');
      }, delayMs).unref();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    waitFor: (count, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (received.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(received.slice());
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${received.length} of ${count} deliveries arrived within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
