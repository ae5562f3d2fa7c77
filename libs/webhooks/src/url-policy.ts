import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Where webhook endpoints may point: https on public addresses, unless the installation allows more. */
export interface WebhookUrlPolicy {
  /** Development: plain http and private addresses anywhere (WEBHOOK_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  /** Hosts allowed plain http and private addresses (WEBHOOK_ALLOWED_HOSTS), as written in the URL. */
  allowedHosts: string[];
}

export type UrlVerdict = { ok: true; url: URL; addresses: string[] } | { ok: false; reason: string };

/**
 * Addresses no endpoint may resolve to: this host, private networks, link-local (and the cloud metadata service on
 * it), carrier-grade NAT, benchmarking, multicast and reserved ranges. IPv4-mapped IPv6 addresses are judged by
 * their IPv4 address.
 */
const refused = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  refused.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  refused.addSubnet(network, prefix, 'ipv6');
}

const MAPPED_IPV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** Whether a webhook may not be delivered to this address (see `refused`). */
export function isRefusedAddress(address: string): boolean {
  const mapped = MAPPED_IPV4.exec(address);
  if (mapped) return refused.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return refused.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

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
