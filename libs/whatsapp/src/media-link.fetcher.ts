import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { lookup } from 'node:dns';
import { isIP } from 'node:net';
import { isRefusedAddress } from '@herald/config';
import { WHATSAPP_MEDIA_TYPES, type WhatsAppMediaKind } from '@herald/contracts';
import { Agent, Dispatcher, request } from 'undici';

/** The media kinds a send carries by link or id: a message of that type, or a template's media header. */
export type SendMediaKind = WhatsAppMediaKind;

/** What WhatsApp takes per media kind (libs/contracts' WHATSAPP_MEDIA_TYPES, by kind): the MIME types and the largest file. */
export const SEND_MEDIA_LIMITS: Readonly<Record<SendMediaKind, { maxBytes: number; mimeTypes: readonly string[] }>> = limitsByKind();

function limitsByKind(): Record<SendMediaKind, { maxBytes: number; mimeTypes: string[] }> {
  const limits = {} as Record<SendMediaKind, { maxBytes: number; mimeTypes: string[] }>;
  for (const [mimeType, { kind, maxBytes }] of Object.entries(WHATSAPP_MEDIA_TYPES)) {
    const known = (limits[kind] ??= { maxBytes, mimeTypes: [] });
    known.maxBytes = Math.max(known.maxBytes, maxBytes);
    known.mimeTypes.push(mimeType);
  }
  return limits;
}

/** A file's type from its name's extension, for servers that answer `application/octet-stream` or nothing. */
const BY_EXTENSION: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  aac: 'audio/aac',
  amr: 'audio/amr',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  mp4: 'video/mp4',
  '3gp': 'video/3gpp',
  txt: 'text/plain',
  pdf: 'application/pdf',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** The file a link pointed at, read whole: small enough for WhatsApp, of a type it takes for the kind. */
export interface FetchedMedia {
  bytes: Buffer;
  mimeType: string;
  /** The last segment of the link's path, when it has one: documents are shown with a name. */
  fileName?: string;
}

/** A link that cannot give WhatsApp a file: refused, unreachable, not found, too large or of the wrong type. */
export class MediaLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MediaLinkError';
  }
}

export interface MediaLinkPolicy {
  /** Development and tests: plain http and private, loopback and link-local addresses (MEDIA_FETCH_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  /** Connecting, each chunk of the answer, and the whole download at most. */
  timeoutMs: number;
}

const MAX_REDIRECTS = 3;

/**
 * Downloads a client's media link as WhatsApp would, so that it can be uploaded once: only http(s), never to a
 * private address unless the deployment allows it (checked on the addresses each connection really uses, so a
 * name that rebinds to an internal address gets nothing), at most a few redirects, each checked the same way, and
 * never more bytes than WhatsApp takes for the kind.
 */
export class MediaLinkFetcher {
  private readonly agent: Agent;

  constructor(private readonly policy: MediaLinkPolicy) {
    this.agent = new Agent({
      connect: { lookup: this.lookup, timeout: policy.timeoutMs },
      headersTimeout: policy.timeoutMs,
      bodyTimeout: policy.timeoutMs,
    });
  }

  async fetch(link: string, kind: SendMediaKind): Promise<FetchedMedia> {
    const limits = SEND_MEDIA_LIMITS[kind];
    const signal = AbortSignal.timeout(this.policy.timeoutMs);
    let url = this.check(link);
    let response: Dispatcher.ResponseData;
    for (let hop = 0; ; hop += 1) {
      try {
        response = await request(url, { method: 'GET', dispatcher: this.agent, signal, headers: { 'user-agent': 'Herald-Media/1' } });
      } catch (error) {
        throw new MediaLinkError(`the link could not be fetched: ${describe(error)}`);
      }
      const location = response.headers.location;
      if (response.statusCode < 300 || response.statusCode > 399 || typeof location !== 'string') break;
      await response.body.dump();
      if (hop === MAX_REDIRECTS) throw new MediaLinkError(`the link redirects more than ${MAX_REDIRECTS} times`);
      url = this.check(new URL(location, url).toString());
    }
    if (response.statusCode < 200 || response.statusCode > 299) {
      await response.body.dump();
      throw new MediaLinkError(`the link answered HTTP ${response.statusCode}`);
    }
    const fileName = decodeURIComponent(url.pathname.split('/').pop() ?? '') || undefined;
    const mimeType = typeOf(response.headers['content-type'], fileName);
    if (!mimeType || !limits.mimeTypes.includes(mimeType)) {
      await response.body.dump();
      throw new MediaLinkError(`the link is ${mimeType ?? 'of no known type'}, which WhatsApp does not take as ${kind} (${limits.mimeTypes.join(', ')})`);
    }
    const announced = Number(response.headers['content-length']);
    if (Number.isFinite(announced) && announced > limits.maxBytes) {
      await response.body.dump();
      throw new MediaLinkError(`the link is ${announced} bytes, and ${kind} media can be at most ${limits.maxBytes}`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > limits.maxBytes) {
          response.body.destroy();
          throw new MediaLinkError(`the link is more than ${limits.maxBytes} bytes, the most ${kind} media can be`);
        }
        chunks.push(chunk);
      }
    } catch (error) {
      if (error instanceof MediaLinkError) throw error;
      throw new MediaLinkError(`the link's download broke off: ${describe(error)}`);
    }
    if (size === 0) throw new MediaLinkError('the link answered an empty file');
    return { bytes: Buffer.concat(chunks, size), mimeType, ...(fileName ? { fileName } : {}) };
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  /** The URL, if a download may go there; an IP literal is checked here, a name at its connection (`lookup`). */
  private check(link: string): URL {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      throw new MediaLinkError('the link is not a URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new MediaLinkError('the link must be an http(s) URL');
    if (url.username || url.password) throw new MediaLinkError('the link must not carry credentials');
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (!this.policy.allowPrivate && isIP(host) !== 0 && isRefusedAddress(host)) {
      throw new MediaLinkError(`the link's host is ${host}, a private, loopback or reserved address`);
    }
    return url;
  }

  /** The connection's name resolution: a host with any refused address is refused whole (DNS rebinding). */
  private readonly lookup = (
    hostname: string,
    options: LookupOneOptions | LookupAllOptions,
    callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    lookup(hostname, { all: true, verbatim: true }, (error, answers) => {
      if (error) return callback(error, []);
      const blocked = this.policy.allowPrivate ? undefined : answers.find((answer) => isRefusedAddress(answer.address));
      if (blocked) {
        const refusal: NodeJS.ErrnoException = new Error(`${hostname} resolves to ${blocked.address}, a private, loopback or reserved address`);
        refusal.code = 'EADDRREFUSED';
        return callback(refusal, []);
      }
      if ((options as LookupAllOptions).all) callback(null, answers);
      else callback(null, answers[0].address, answers[0].family);
    });
  };
}

function typeOf(contentType: string | string[] | undefined, fileName: string | undefined): string | undefined {
  const declared = (typeof contentType === 'string' ? contentType : '').split(';')[0].trim().toLowerCase();
  if (declared && declared !== 'application/octet-stream' && declared !== 'binary/octet-stream') return declared;
  const extension = fileName?.split('.').pop()?.toLowerCase();
  return extension ? BY_EXTENSION[extension] : undefined;
}

function describe(error: unknown): string {
  const { name, code, message } = (error ?? {}) as { name?: string; code?: string; message?: string };
  if (name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return 'no answer in time';
  }
  return message ?? String(error);
}
