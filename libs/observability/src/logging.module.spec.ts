import { accessLogLevel } from './logging.module';

describe('accessLogLevel', () => {
  it('logs an answered webhook at debug: WhatsApp sends three for every message', () => {
    expect(accessLogLevel('/webhooks/whatsapp', 200)).toBe('debug');
  });

  it('logs a refused webhook as any other request, so a wrong signature is seen', () => {
    expect(accessLogLevel('/webhooks/whatsapp', 401)).toBe('info');
    expect(accessLogLevel('/webhooks/whatsapp', 503)).toBe('error');
    expect(accessLogLevel('/webhooks/whatsapp', 200, new Error('socket hang up'))).toBe('error');
  });

  it("logs clients' requests at info", () => {
    expect(accessLogLevel('/messages/send', 202)).toBe('info');
    expect(accessLogLevel('/messages/send', 422)).toBe('info');
    expect(accessLogLevel('/messages/send', 500)).toBe('error');
  });
});
