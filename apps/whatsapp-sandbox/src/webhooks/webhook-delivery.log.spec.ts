import { MAX_RECORDED_DELIVERIES, WebhookDeliveryLog } from './webhook-delivery.log';

const URL = 'http://127.0.0.1:3000/webhooks/whatsapp';

describe('WebhookDeliveryLog', () => {
  it('records each delivery as its attempts go, newest last', () => {
    const log = new WebhookDeliveryLog();
    const sent = log.start('wamid.A', 'sent', URL);
    const failed = log.start('wamid.B', 'failed', URL);
    expect(log.list()).toEqual([
      {
        wamid: 'wamid.A',
        status: 'sent',
        url: URL,
        outcome: 'pending',
        attempts: 0,
        lastHttpStatus: null,
        lastError: null,
        deliveredAt: null,
      },
      {
        wamid: 'wamid.B',
        status: 'failed',
        url: URL,
        outcome: 'pending',
        attempts: 0,
        lastHttpStatus: null,
        lastError: null,
        deliveredAt: null,
      },
    ]);

    log.attemptStarted(sent);
    log.attemptEnded(sent, 503, 'HTTP 503');
    expect(log.list()[0]).toMatchObject({
      outcome: 'pending',
      attempts: 1,
      lastHttpStatus: 503,
      lastError: 'HTTP 503',
    });
    log.attemptStarted(sent);
    log.attemptEnded(sent, 200, null);
    log.delivered(sent, new Date('2026-11-01T10:00:00.123Z'));
    expect(log.list()[0]).toMatchObject({
      outcome: 'delivered',
      attempts: 2,
      lastHttpStatus: 200,
      lastError: null,
      deliveredAt: '2026-11-01T10:00:00.123Z',
    });

    log.attemptStarted(failed);
    log.attemptEnded(failed, null, 'request failed: ECONNREFUSED');
    log.failed(failed);
    expect(log.list({ wamid: 'wamid.B' })).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        attempts: 1,
        lastHttpStatus: null,
        lastError: 'request failed: ECONNREFUSED',
      }),
    ]);
    log.failed(failed, 'cancelled');
    expect(log.list({ wamid: 'wamid.B' })[0].lastError).toBe('cancelled');
  });

  it(`forgets the oldest deliveries past ${MAX_RECORDED_DELIVERIES}, one at a time`, () => {
    const log = new WebhookDeliveryLog();
    const first = log.start('wamid.first', 'sent', URL);
    for (let index = 1; index < MAX_RECORDED_DELIVERIES; index += 1) log.start(`wamid.${index}`, 'sent', URL);
    expect(log.list({ wamid: 'wamid.first' })).toHaveLength(1);

    log.start('wamid.last', 'read', URL);
    expect(log.list({ wamid: 'wamid.first' })).toEqual([]);
    expect(log.list({ wamid: 'wamid.1' })).toHaveLength(1);
    expect(log.list({ wamid: 'wamid.last' })).toEqual([expect.objectContaining({ status: 'read' })]);
    // A forgotten delivery's late attempts change nothing.
    log.attemptStarted(first);
    expect(log.list({ wamid: 'wamid.first' })).toEqual([]);
    expect(log.clear()).toBe(MAX_RECORDED_DELIVERIES);
  });

  it('forgets everything on clear, also what deliveries under way report later', () => {
    const log = new WebhookDeliveryLog();
    const underWay = log.start('wamid.A', 'sent', URL);
    log.start('wamid.A', 'delivered', URL);
    expect(log.clear()).toBe(2);
    log.attemptStarted(underWay);
    log.delivered(underWay, new Date());
    expect(log.list()).toEqual([]);
    log.start('wamid.B', 'sent', URL);
    expect(log.list()).toEqual([
      expect.objectContaining({ wamid: 'wamid.B', attempts: 0, outcome: 'pending' }),
    ]);
  });
});
