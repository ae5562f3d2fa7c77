import { createHmac } from 'node:crypto';
import { isValidVerifyToken, isValidWebhookSignature, signWebhookBody } from './webhook-signature';

describe('webhook signatures', () => {
  const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');

  it('accepts the signature Meta computes over the raw body', () => {
    expect(signWebhookBody('secret', body)).toBe(`sha256=${createHmac('sha256', 'secret').update(body).digest('hex')}`);
    // The same value as `printf '%s' "$body" | openssl dgst -sha256 -hmac secret`.
    expect(signWebhookBody('secret', 'abc')).toBe('sha256=9946dad4e00e913fc8be8e5d3f7e110a4a9e832f83fb09c345285d78638d8a0e');
    expect(isValidWebhookSignature('secret', body, signWebhookBody('secret', body))).toBe(true);
  });

  it('refuses a wrong secret, a changed body, a missing or malformed header', () => {
    expect(isValidWebhookSignature('secret', body, signWebhookBody('other', body))).toBe(false);
    expect(isValidWebhookSignature('secret', Buffer.from(`${body} `), signWebhookBody('secret', body))).toBe(false);
    expect(isValidWebhookSignature('secret', body, undefined)).toBe(false);
    expect(isValidWebhookSignature('secret', body, 'sha1=abc')).toBe(false);
    expect(isValidWebhookSignature('secret', body, signWebhookBody('secret', body).slice(0, -1))).toBe(false);
  });
});

describe('verify tokens', () => {
  it('match only the configured token, whatever the length of the one given', () => {
    expect(isValidVerifyToken('verify-token', 'verify-token')).toBe(true);
    for (const given of ['verify-tokeN', 'verify', 'verify-token-and-more', '', undefined, ['verify-token']]) {
      expect(isValidVerifyToken('verify-token', given)).toBe(false);
    }
  });
});
