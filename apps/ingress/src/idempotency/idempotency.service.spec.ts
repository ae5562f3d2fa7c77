import { hashRequest, IdempotencyService } from './idempotency.service';

describe('hashRequest', () => {
  it('is the same for the same request in another key order', () => {
    expect(hashRequest({ to: '+1', content: { text: 'a', url: 'u' } })).toBe(hashRequest({ content: { url: 'u', text: 'a' }, to: '+1' }));
  });

  it('differs when any value differs', () => {
    expect(hashRequest({ to: '+1', content: { text: 'a' } })).not.toBe(hashRequest({ to: '+1', content: { text: 'b' } }));
    expect(hashRequest({ values: ['a', 'b'] })).not.toBe(hashRequest({ values: ['b', 'a'] }));
  });
});

describe('IdempotencyService.validate', () => {
  const service = new IdempotencyService();

  it('takes printable keys up to 255 characters, and no key at all', () => {
    expect(service.validate('order-1234:retry')).toBe('order-1234:retry');
    expect(service.validate('k'.repeat(255))).toBe('k'.repeat(255));
    expect(service.validate(undefined)).toBeUndefined();
  });

  it.each(['', 'k'.repeat(256), 'with space', 'tab\there', 'é'])('refuses %j', (key) => {
    expect(() => service.validate(key)).toThrow('Idempotency-Key');
  });
});
