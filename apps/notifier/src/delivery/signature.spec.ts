import { randomBytes } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { signDelivery } from './signature';

const secret = () => `whsec_${randomBytes(24).toString('base64')}`;

describe('signDelivery', () => {
  const body = JSON.stringify({ id: 'evt_1', type: 'message.status_changed', timestamp: '2030-01-01T00:00:00.000Z', data: { status: 'sent' } });

  it('signs as Standard Webhooks defines it: a verifier nobody here wrote accepts it', () => {
    const current = secret();
    const headers = signDelivery('evt_1', body, [current], new Date());
    expect(headers['webhook-id']).toBe('evt_1');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    expect(new Webhook(current).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('signs with the secret before a rotation too, so a receiver holding either verifies', () => {
    const [current, previous] = [secret(), secret()];
    const headers = signDelivery('evt_1', body, [current, previous], new Date());
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(current).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(previous).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(secret()).verify(body, { ...headers })).toThrow(WebhookVerificationError);
  });

  it("stamps the attempt's time in seconds, and a body changed after signing does not verify", () => {
    const current = secret();
    const at = new Date();
    const headers = signDelivery('evt_1', body, [current], at);
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(at.getTime() / 1000)));
    expect(() => new Webhook(current).verify(body.replace('sent', 'read'), { ...headers })).toThrow(WebhookVerificationError);
  });
});
