import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/*
 * Stands in for libs/webhooks' checkWebhookUrl (same signature) until it lands on the webhooks branch; then this
 * file goes and webhook-url-checker.ts imports the library's.
 */

export interface WebhookUrlPolicy {
  allowPrivate: boolean;
  allowedHosts: string[];
}

export type UrlVerdict = { ok: true; url: URL; addresses: string[] } | { ok: false; reason: string };

const refused = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  refused.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  refused.addSubnet(network, prefix, 'ipv6');
}

export function isRefusedAddress(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return isRefusedAddress(mapped[1]);
  const version = isIP(ip);
  return version === 0 || refused.check(ip, version === 4 ? 'ipv4' : 'ipv6');
}

export async function checkWebhookUrl(text: string, policy: WebhookUrlPolicy): Promise<UrlVerdict> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'is not a URL' };
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const allowed = policy.allowPrivate || policy.allowedHosts.some((entry) => entry.toLowerCase() === host);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowed)) return { ok: false, reason: 'must be an https URL' };
  if (url.username || url.password) return { ok: false, reason: 'must not carry credentials' };
  const addresses = isIP(host) ? [host] : await lookup(host, { all: true }).then((found) => found.map((entry) => entry.address), () => []);
  if (addresses.length === 0) return { ok: false, reason: `names a host that does not resolve (${host})` };
  if (!allowed && addresses.some(isRefusedAddress)) return { ok: false, reason: 'resolves to a private, loopback or link-local address' };
  return { ok: true, url, addresses };
}
