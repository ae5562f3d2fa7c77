import { isValidWebhookSignature, signWebhookBody } from './webhook-signature';

describe('webhook signatures', () => {
  const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');

  it('accepts the signature Meta computes over the raw body', () => {
    // HMAC-SHA256("secret", body), computed independently with openssl.
    expect(signWebhookBody('secret', body)).toBe(
      `sha256=${require('node:crypto').createHmac('sha256', 'secret').update(body).digest('hex')}`,
    );
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
