import { Injectable } from '@nestjs/common';

/** One accepted send, as the sandbox received it. */
export interface RecordedSend {
  wamid: string;
  phoneNumberId: string;
  apiVersion: string;
  /** The recipient's digits (`wa_id`). */
  to: string;
  /** ISO time, millisecond precision. */
  receivedAt: string;
  /** The request headers; the access token replaced by `Bearer ***`. */
  headers: Record<string, string | string[] | undefined>;
  /** The JSON body exactly as received. */
  body: unknown;
}

/** Sends kept for inspection; the oldest are forgotten past this many. */
export const MAX_RECORDED_SENDS = 100_000;

/** In-memory record of every accepted send, oldest first: the sandbox is a development tool, not a store. */
@Injectable()
export class SentMessageStore {
  private readonly sends = new Map<string, RecordedSend>();

  add(send: RecordedSend): void {
    this.sends.set(send.wamid, send);
    if (this.sends.size > MAX_RECORDED_SENDS) {
      const oldest = this.sends.keys().next().value;
      if (oldest !== undefined) this.sends.delete(oldest);
    }
  }

  count(): number {
    return this.sends.size;
  }

  find(wamid: string): RecordedSend | undefined {
    return this.sends.get(wamid);
  }

  /** `to` matches on the digits, so `+1 555 000 1111` finds what was sent to `15550001111`. */
  list(filter: { to?: string; phoneNumberId?: string } = {}): RecordedSend[] {
    const to = filter.to?.replace(/\D/g, '');
    return [...this.sends.values()].filter(
      (send) =>
        (to === undefined || send.to === to) &&
        (filter.phoneNumberId === undefined || send.phoneNumberId === filter.phoneNumberId),
    );
  }

  clear(): number {
    const count = this.sends.size;
    this.sends.clear();
    return count;
  }
}
