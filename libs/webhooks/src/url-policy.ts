import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isRefusedAddress } from '@herald/config';

export { isRefusedAddress };

/** Where webhook endpoints may point: https on public addresses, unless the installation allows more. */
export interface WebhookUrlPolicy {
  /** Development: plain http and private addresses anywhere (WEBHOOK_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  /** Hosts allowed plain http and private addresses (WEBHOOK_ALLOWED_HOSTS), as written in the URL. */
  allowedHosts: string[];
}

export type UrlVerdict = { ok: true; url: URL; addresses: string[] } | { ok: false; reason: string };

/** A URL's host as `new URL` keeps it, without the brackets of an IPv6 literal. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Whether a webhook may be delivered to `raw`, and to which addresses: checked when an endpoint is saved and again
 * before every delivery, against what the host resolves to then (a name that resolved to a public address once may
 * resolve to a private one later). The deliverer connects to the addresses answered, not to a second resolution.
 */
export async function checkWebhookUrl(
  raw: string,
  policy: WebhookUrlPolicy,
  resolve: (host: string) => Promise<string[]> = resolveAll,
): Promise<UrlVerdict> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'is not a URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'must be an https URL' };
  if (url.username || url.password) return { ok: false, reason: 'must not carry credentials' };
  const host = hostOf(url);
  const trusted = policy.allowPrivate || policy.allowedHosts.some((allowed) => allowed.toLowerCase() === host.toLowerCase());
  if (url.protocol !== 'https:' && !trusted) return { ok: false, reason: 'must be an https URL' };
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch (error) {
    return { ok: false, reason: `its host does not resolve (${(error as { code?: string }).code ?? 'no answer'})` };
  }
  if (addresses.length === 0) return { ok: false, reason: 'its host does not resolve' };
  const blocked = addresses.find(isRefusedAddress);
  if (blocked && !trusted) return { ok: false, reason: `its host resolves to ${blocked}, a private, loopback or reserved address` };
  return { ok: true, url, addresses };
}

async function resolveAll(host: string): Promise<string[]> {
  return (await lookup(host, { all: true, verbatim: true })).map((answer) => answer.address);
}
