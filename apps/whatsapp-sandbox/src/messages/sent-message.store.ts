import { Injectable } from '@nestjs/common';
import { BLOCK_SIZE, BlockLog } from './block-log';
import { TextColumn } from './text-column';

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

export interface SendFilter {
  /** Any form of the recipient's number: only its digits count. */
  to?: string;
  phoneNumberId?: string;
}

/** Sends kept for inspection; the oldest are forgotten past this many. */
export const MAX_RECORDED_SENDS = 100_000;

/** The texts each send keeps, in this order, in its block's TextColumn. */
const RECIPIENT = 0;
const CALLBACK_DATA = 1;
const BODY = 2;
const TEXTS_PER_SEND = 3;

/**
 * A block of sends, a column per field, the texts as bytes outside the JS heap. Kept as objects or strings, every
 * send would sit in the heap, which V8 lets grow to several times what is live between collections, and a long
 * benchmark would take the sandbox past its memory target (docs/benchmarks.md). Here a send keeps only its wamid
 * in the heap, which its webhook records share; everything else lies in columns outside it.
 */
class SendBlock {
  readonly wamids = new Array<string>(BLOCK_SIZE);
  readonly receivedAt = new Float64Array(BLOCK_SIZE);
  /** Indexes into `values` of what most sends share, stored once a block: ids, versions, headers (as JSON). */
  readonly phoneNumberIds = new Uint16Array(BLOCK_SIZE);
  readonly apiVersions = new Uint16Array(BLOCK_SIZE);
  readonly headers = new Uint16Array(BLOCK_SIZE);
  /** The recipient, the callback data as JSON (empty when the send had none), and the body as JSON. */
  readonly texts = new TextColumn(BLOCK_SIZE * TEXTS_PER_SEND);
  private readonly values: string[] = [];
  private readonly indexOfValue = new Map<string, number>();

  /** The index of a value in this block; 3 a send at most, so a block never has more than 12,288. */
  share(value: string): number {
    let index = this.indexOfValue.get(value);
    if (index === undefined) {
      index = this.values.push(value) - 1;
      this.indexOfValue.set(value, index);
    }
    return index;
  }

  value(index: number): string {
    return this.values[index];
  }

  text(offset: number, which: number): string {
    return this.texts.get(offset * TEXTS_PER_SEND + which);
  }
}

/** In-memory record of every accepted send, oldest first: the sandbox is a development tool, not a store. */
@Injectable()
export class SentMessageStore {
  private readonly sends = new BlockLog(() => new SendBlock(), MAX_RECORDED_SENDS);

  add(send: NewSend): void {
    const { block, offset } = this.sends.add();
    block.wamids[offset] = send.wamid;
    block.receivedAt[offset] = send.receivedAt.getTime();
    block.phoneNumberIds[offset] = block.share(send.phoneNumberId);
    block.apiVersions[offset] = block.share(send.apiVersion);
    block.headers[offset] = block.share(JSON.stringify(send.headers));
    block.texts.add(send.to);
    block.texts.add(
      send.bizOpaqueCallbackData === undefined ? '' : JSON.stringify(send.bizOpaqueCallbackData),
    );
    block.texts.add(JSON.stringify(send.body));
  }

  count(): number {
    return this.sends.count;
  }

  find(wamid: string): RecordedSend | undefined {
    for (let position = this.sends.next - 1; position >= this.sends.first; position -= 1) {
      const block = this.sends.blockOf(position);
      if (block?.wamids[position % BLOCK_SIZE] === wamid) return recorded(block, position % BLOCK_SIZE);
    }
    return undefined;
  }

  list(filter: SendFilter = {}): RecordedSend[] {
    return this.matching(filter, recorded);
  }

  receipts(filter: SendFilter = {}): SendReceipt[] {
    return this.matching(filter, receipt);
  }

  clear(): number {
    return this.sends.clear();
  }

  /** Every send kept that the filter lets through, oldest first, as `read` makes it. */
  private matching<T>(filter: SendFilter, read: (block: SendBlock, offset: number) => T): T[] {
    const to = filter.to?.replace(/\D/g, '');
    const found: T[] = [];
    for (let position = this.sends.first; position < this.sends.next; position += 1) {
      const block = this.sends.blockOf(position);
      const offset = position % BLOCK_SIZE;
      if (
        block &&
        (to === undefined || block.text(offset, RECIPIENT) === to) &&
        (filter.phoneNumberId === undefined ||
          block.value(block.phoneNumberIds[offset]) === filter.phoneNumberId)
      ) {
        found.push(read(block, offset));
      }
    }
    return found;
  }
}

function recorded(block: SendBlock, offset: number): RecordedSend {
  return {
    wamid: block.wamids[offset],
    phoneNumberId: block.value(block.phoneNumberIds[offset]),
    apiVersion: block.value(block.apiVersions[offset]),
    to: block.text(offset, RECIPIENT),
    receivedAt: new Date(block.receivedAt[offset]).toISOString(),
    headers: JSON.parse(block.value(block.headers[offset])) as RecordedHeaders,
    body: JSON.parse(block.text(offset, BODY)) as unknown,
  };
}

function receipt(block: SendBlock, offset: number): SendReceipt {
  const callbackData = block.text(offset, CALLBACK_DATA);
  return {
    wamid: block.wamids[offset],
    receivedAt: new Date(block.receivedAt[offset]).toISOString(),
    ...(callbackData === '' ? {} : { bizOpaqueCallbackData: JSON.parse(callbackData) as string }),
  };
}
