import { Injectable } from '@nestjs/common';

export type RecordedHeaders = Record<string, string | string[] | undefined>;

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
  headers: RecordedHeaders;
  /** The JSON body exactly as received. */
  body: unknown;
}

/** Which send arrived when, and what it asked to have echoed on its webhooks: a send without its body. */
export interface SendReceipt {
  wamid: string;
  /** ISO time, millisecond precision. */
  receivedAt: string;
  /** The send's `biz_opaque_callback_data`; absent when it had none. */
  bizOpaqueCallbackData?: string;
}

/** A send to record: what the Graph API endpoint saw. */
export interface NewSend {
  wamid: string;
  phoneNumberId: string;
  apiVersion: string;
  to: string;
  receivedAt: Date;
  /** The access token already redacted. */
  headers: RecordedHeaders;
  body: unknown;
  bizOpaqueCallbackData?: string;
}

/** Sends kept for inspection; the oldest are forgotten past this many. */
export const MAX_RECORDED_SENDS = 100_000;

/** Distinct header sets or ids remembered for sharing; past this many (never, with one dispatcher) they start over. */
const MAX_SHARED_VALUES = 1_000;

/**
 * A send as kept: its body as JSON text and its headers shared with every send that had the same. Parsed bodies
 * and a headers object per send made some 4 KB a send; this is a few hundred bytes, most of them the body's text.
 */
interface StoredSend {
  wamid: string;
  phoneNumberId: string;
  apiVersion: string;
  to: string;
  receivedAtMs: number;
  headers: RecordedHeaders;
  bodyJson: string;
  bizOpaqueCallbackData: string | undefined;
}

/** In-memory record of every accepted send, oldest first: the sandbox is a development tool, not a store. */
@Injectable()
export class SentMessageStore {
  private readonly sends = new Map<string, StoredSend>();
  /** The one copy of each header set (by its JSON), and of each phone number id and API version. */
  private readonly headerSets = new SharedValues<RecordedHeaders>();
  private readonly ids = new SharedValues<string>();

  add(send: NewSend): void {
    this.sends.set(send.wamid, {
      wamid: send.wamid,
      phoneNumberId: this.ids.get(send.phoneNumberId, send.phoneNumberId),
      apiVersion: this.ids.get(send.apiVersion, send.apiVersion),
      to: send.to,
      receivedAtMs: send.receivedAt.getTime(),
      headers: this.headerSets.get(JSON.stringify(send.headers), send.headers),
      bodyJson: flattened(JSON.stringify(send.body)),
      bizOpaqueCallbackData: send.bizOpaqueCallbackData,
    });
    if (this.sends.size > MAX_RECORDED_SENDS) {
      const oldest = this.sends.keys().next().value;
      if (oldest !== undefined) this.sends.delete(oldest);
    }
  }

  count(): number {
    return this.sends.size;
  }

  find(wamid: string): RecordedSend | undefined {
    const send = this.sends.get(wamid);
    return send && recorded(send);
  }

  /** `to` matches on the digits, so `+1 555 000 1111` finds what was sent to `15550001111`. */
  list(filter: SendFilter = {}): RecordedSend[] {
    return this.matching(filter).map(recorded);
  }

  receipts(filter: SendFilter = {}): SendReceipt[] {
    return this.matching(filter).map((send) => ({
      wamid: send.wamid,
      receivedAt: new Date(send.receivedAtMs).toISOString(),
      ...(send.bizOpaqueCallbackData !== undefined
        ? { bizOpaqueCallbackData: send.bizOpaqueCallbackData }
        : {}),
    }));
  }

  clear(): number {
    const count = this.sends.size;
    this.sends.clear();
    return count;
  }

  private matching(filter: SendFilter): StoredSend[] {
    const to = filter.to?.replace(/\D/g, '');
    return [...this.sends.values()].filter(
      (send) =>
        (to === undefined || send.to === to) &&
        (filter.phoneNumberId === undefined || send.phoneNumberId === filter.phoneNumberId),
    );
  }
}

export interface SendFilter {
  to?: string;
  phoneNumberId?: string;
}

/** One copy of each of a few values that many sends repeat, by a key that says when two are the same. */
class SharedValues<T> {
  private readonly values = new Map<string, T>();

  get(key: string, value: T): T {
    const known = this.values.get(key);
    if (known !== undefined) return known;
    if (this.values.size >= MAX_SHARED_VALUES) this.values.clear();
    this.values.set(key, value);
    return value;
  }
}

/**
 * The same text as one flat string. V8 builds JSON.stringify's result as a rope of parts, which held a kept body in
 * some 480 bytes instead of 335; reading a character flattens it, and the next GC frees the rope.
 */
function flattened(text: string): string {
  text.charCodeAt(0);
  return text;
}

function recorded(send: StoredSend): RecordedSend {
  return {
    wamid: send.wamid,
    phoneNumberId: send.phoneNumberId,
    apiVersion: send.apiVersion,
    to: send.to,
    receivedAt: new Date(send.receivedAtMs).toISOString(),
    headers: send.headers,
    body: JSON.parse(send.bodyJson) as unknown,
  };
}
