import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-hub-signature-256';

/** `sha256=<hex HMAC-SHA256 of the raw body with the app secret>`, as Meta signs every webhook. */
export function signWebhookBody(appSecret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** Checks a webhook's signature over the raw bytes, before anything parses them, in constant time. */
export function isValidWebhookSignature(appSecret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header || !/^sha256=[0-9a-f]{64}$/i.test(header)) return false;
  const expected = Buffer.from(signWebhookBody(appSecret, rawBody), 'utf8');
  const given = Buffer.from(header.toLowerCase(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Whether the `hub.verify_token` of a subscription check is the configured one, compared in constant time: over
 * SHA-256 digests, which have one length, so neither the content nor the length of the token leaks through timing.
 */
export function isValidVerifyToken(verifyToken: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(verifyToken), digest(given));
}
