import { Webhook } from 'standardwebhooks';

/** The Standard Webhooks headers of one attempt. */
export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs a delivery's body as Standard Webhooks defines it: `v1,<base64 HMAC-SHA256>` over `id.timestamp.body`, once
 * per secret (space-separated), so a receiver still holding the secret before a rotation verifies it too. Each
 * attempt signs afresh: the timestamp is the attempt's, the id the event's.
 */
export function signDelivery(eventId: string, body: string, secrets: readonly string[], at: Date): SignedHeaders {
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1_000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(eventId, at, body)).join(' '),
  };
}
