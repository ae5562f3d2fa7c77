import { randomUUID } from 'node:crypto';
import { channelUnhealthyEvent, inboundDetails, statusEvents, templateStatusEvents, webhookEventId, windowClosingEvent } from './webhook-events';

const message = {
  teamUuid: randomUUID(),
  channelUuid: randomUUID(),
  to: '+15550001111',
  metadata: { order: '42' },
  history: [
    { status: 'enqueued', at: '2030-01-01T00:00:00.000Z' },
    { status: 'sent', at: '2030-01-01T00:00:01.000Z' },
  ],
};
const messageUuid = 'a'.repeat(32);

describe('the webhook events of a status', () => {
  it('makes the same event id from the same message and status, whatever else differs', () => {
    const first = statusEvents({ messageUuid, status: 'read', at: '2030-01-01T00:00:05.000Z' }, message);
    const again = statusEvents({ messageUuid, status: 'read', at: '2030-01-01T00:09:00.000Z' }, { ...message, history: [] });
    expect(again.map((event) => event.payload.id)).toEqual(first.map((event) => event.payload.id));
    expect(first[first.length - 1].payload.id).toBe(webhookEventId('message.status_changed', messageUuid, 'read'));
    expect(webhookEventId('message.status_changed', messageUuid, 'delivered')).not.toBe(first[first.length - 1].payload.id);
    expect(first[0].payload.id).toMatch(/^evt_[0-9a-f]{32}$/);
  });

  it('puts the earlier stages ahead of a later one, with the times the ledger has for them', () => {
    const events = statusEvents({ messageUuid, status: 'read', at: '2030-01-01T00:00:05.000Z' }, message);
    expect(events.map((event) => [event.payload.data.status, event.payload.timestamp])).toEqual([
      ['enqueued', '2030-01-01T00:00:00.000Z'],
      ['sent', '2030-01-01T00:00:01.000Z'],
      ['delivered', '2030-01-01T00:00:05.000Z'],
      ['read', '2030-01-01T00:00:05.000Z'],
    ]);
    // A stage put in ahead makes the id its own report makes, so that report is left out when it comes.
    const delivered = statusEvents({ messageUuid, status: 'delivered', at: '2030-01-01T00:00:04.000Z' }, message);
    expect(events[2].payload.id).toBe(delivered[delivered.length - 1].payload.id);
    expect(statusEvents({ messageUuid, status: 'enqueued', at: '2030-01-01T00:00:00.000Z' }, message)).toHaveLength(1);
  });

  it('echoes the metadata and the route, and carries a failure reason with WhatsApp code on its own stage only', () => {
    const reason = { code: 'provider_rejected', message: 'Re-engagement message', providerErrorCode: 131047 };
    const events = statusEvents({ messageUuid, status: 'failed', at: '2030-01-01T00:00:09.000Z', reason, pricing: { billable: false } }, message);
    expect(events.map((event) => event.payload.data.status)).toEqual(['enqueued', 'sent', 'failed']);
    expect(events[2].payload).toEqual({
      id: webhookEventId('message.status_changed', messageUuid, 'failed'),
      type: 'message.status_changed',
      timestamp: '2030-01-01T00:00:09.000Z',
      data: { messageUuid, status: 'failed', channelUuid: message.channelUuid, to: message.to, metadata: { order: '42' }, reason, pricing: { billable: false } },
    });
    expect(events[0].payload.data).not.toHaveProperty('reason');
    expect(events.every((event) => event.teamUuid === message.teamUuid && event.messageUuid === messageUuid)).toBe(true);
  });

  it('puts only enqueued ahead of a rejection the ledger has nothing else for', () => {
    const events = statusEvents({ messageUuid, status: 'rejected', at: '2030-01-01T00:00:02.000Z', reason: { code: 'contact_opted_out', message: 'opted out' } }, { ...message, history: [] });
    expect(events.map((event) => event.payload.data.status)).toEqual(['enqueued', 'rejected']);
  });
});

describe('the webhook events of channels and templates', () => {
  it("sends a template's change to every team whose channels use its account, with one id", () => {
    const teams = [randomUUID(), randomUUID()];
    const data = { templateUuid: 'b'.repeat(32), name: 'order_update', language: 'en_US', status: 'PAUSED', previousStatus: 'APPROVED' };
    const events = templateStatusEvents(teams, data, '2030-01-01T00:00:00.000Z');
    expect(events.map((event) => event.teamUuid)).toEqual(teams);
    expect(new Set(events.map((event) => event.payload.id))).toEqual(new Set([webhookEventId('template.status_changed', data.templateUuid, 'PAUSED', '2030-01-01T00:00:00.000Z')]));
    expect(templateStatusEvents([], data, '2030-01-01T00:00:00.000Z')).toEqual([]);
  });

  it('names a channel health change by the channel and the moment it was found', () => {
    const channelUuid = randomUUID();
    const event = channelUnhealthyEvent(message.teamUuid, { channelUuid, reason: 'provider_token_expired' }, '2030-01-01T00:00:00.000Z');
    expect(event.payload).toEqual({
      id: webhookEventId('channel.unhealthy', channelUuid, '2030-01-01T00:00:00.000Z'),
      type: 'channel.unhealthy',
      timestamp: '2030-01-01T00:00:00.000Z',
      data: { channelUuid, reason: 'provider_token_expired' },
    });
  });
});

describe('the webhook event of a window closing', () => {
  const window = { channelUuid: randomUUID(), phone: '+15550001111', contactUuid: 'c'.repeat(32), lastInboundAt: '2030-01-01T00:00:00.000Z', closesAt: '2030-01-02T00:00:00.000Z' };

  it('names the window by its channel, contact and end, whenever the alert was published', () => {
    const first = windowClosingEvent(message.teamUuid, window, '2030-01-01T23:00:00.000Z');
    expect(first.payload).toEqual({
      id: webhookEventId('contact.window_closing', window.channelUuid, window.phone, window.closesAt),
      type: 'contact.window_closing',
      timestamp: '2030-01-01T23:00:00.000Z',
      data: window,
    });
    expect(windowClosingEvent(message.teamUuid, window, '2030-01-01T23:00:05.000Z').payload.id).toBe(first.payload.id);
  });

  it('gives a later window of the same contact an id of its own', () => {
    const later = { ...window, lastInboundAt: '2030-01-01T10:00:00.000Z', closesAt: '2030-01-02T10:00:00.000Z' };
    expect(windowClosingEvent(message.teamUuid, later, later.closesAt).payload.id).not.toBe(windowClosingEvent(message.teamUuid, window, window.closesAt).payload.id);
  });
});

describe("the webhook event of a customer's message", () => {
  const inbound = { phoneNumberId: '100000000000002', from: '+15550001111', providerMessageId: 'wamid.IN', sentAt: '2030-01-01T00:00:00.000Z' };

  it('passes on every detail the message has, and no key for those it lacks', () => {
    const details = {
      text: 'STOP',
      media: { id: '1', mimeType: 'image/jpeg', caption: 'my order' },
      location: { latitude: 48.8584, longitude: 2.2945 },
      reply: { kind: 'button' as const, id: 'unsubscribe', title: 'STOP' },
      context: { providerMessageId: 'wamid.OUT' },
      reaction: { providerMessageId: 'wamid.OUT', emoji: '👍' },
    };
    expect(inboundDetails({ ...inbound, type: 'button', ...details })).toEqual(details);
    expect(Object.keys(inboundDetails({ ...inbound, type: 'sticker', media: { id: '2' } }))).toEqual(['media']);
    expect(inboundDetails({ ...inbound, type: 'text', text: '' })).toEqual({ text: '' });
  });
});
