import { WhatsAppApiError } from './whatsapp-api.client';
import { classifyProviderError, failureFromProviderCode } from './provider-errors';

const error = (httpStatus: number, code?: number, details?: string) => new WhatsAppApiError(httpStatus, code, `(#${code})`, undefined, details);

describe('classifyProviderError', () => {
  it.each([
    [error(400, 130429), 'throttled'],
    [error(400, 80007), 'throttled'],
    [error(400, 4), 'throttled'],
    [error(429), 'throttled'],
    [error(400, 131056), 'pair_rate_limited'],
    [error(500, 131000), 'transient'],
    [error(503, 131016), 'transient'],
    [error(502), 'transient'],
    [error(0), 'transient'],
  ])('retries %s as %s', (providerError, kind) => {
    expect(classifyProviderError(providerError)).toEqual({ retry: true, kind });
  });

  it.each([
    [131026, 'recipient_undeliverable'],
    [131047, 'session_window_closed'],
    [132000, 'template_parameter_count_mismatch'],
    [132001, 'template_not_found'],
    [131051, 'unsupported_message_type'],
    [100, 'provider_invalid_parameter'],
    [368, 'provider_blocked'],
  ])('fails code %d for good as %s', (code, reason) => {
    expect(classifyProviderError(error(400, code))).toEqual({ retry: false, code: reason, message: expect.any(String) });
  });

  it('marks the channel unhealthy when its token expired', () => {
    expect(classifyProviderError(error(401, 190))).toMatchObject({ retry: false, code: 'provider_token_expired', channelUnhealthy: true });
  });

  it('keeps Meta\'s explanation as the message', () => {
    expect(classifyProviderError(error(400, 131047, 'Message failed to send because more than 24 hours have passed'))).toMatchObject({
      message: 'Message failed to send because more than 24 hours have passed',
    });
  });

  it('fails an unknown 4xx for good rather than retrying it forever', () => {
    expect(classifyProviderError(error(400, 999999))).toEqual({ retry: false, code: 'provider_rejected', message: '(#999999)' });
  });

  it('waits for a webhook before resending when the request may have reached WhatsApp', () => {
    const timedOut = new WhatsAppApiError(0, undefined, 'timed out', undefined, undefined, true);
    expect(classifyProviderError(timedOut)).toEqual({ retry: true, kind: 'outcome_unknown' });
  });
});

describe('failureFromProviderCode', () => {
  it('names a failed webhook by the same table as a refused send', () => {
    expect(failureFromProviderCode(131026, 'Not on WhatsApp')).toEqual({ code: 'recipient_undeliverable', message: 'Not on WhatsApp', providerCode: 131026 });
    expect(failureFromProviderCode(131047)).toMatchObject({ code: 'session_window_closed', providerCode: 131047 });
  });

  it('keeps an unknown code with a generic reason', () => {
    expect(failureFromProviderCode(999, undefined)).toEqual({ code: 'provider_failed', message: expect.any(String), providerCode: 999 });
    expect(failureFromProviderCode(undefined)).toEqual({ code: 'provider_failed', message: expect.any(String) });
  });
});
