import { CallbellWebhookEvents, WebhookEventTypes } from '@herald/contracts';
import { callbellNameOf, callbellSubscriptionsOf, heraldEventsFor, heraldEventsOfCallbell } from './callbell-events';

describe("Callbell's webhook events in Herald's", () => {
  it('maps the names Herald can send, each Herald event at most once, in the catalogue order', () => {
    expect(heraldEventsFor(['message_status_updated', 'message_created', 'contact_updated', 'message_created'], 'subscriptions')).toEqual({
      ok: true,
      events: ['message.status_changed', 'message.inbound', 'contact.opted_out', 'contact.opted_in'],
    });
  });

  it('refuses an unknown name and a Callbell event Herald has no counterpart for, each at its index', () => {
    expect(heraldEventsFor(['message_created', 'contact_created', 'message.inbound'], 'subscriptions')).toEqual({
      ok: false,
      problems: [
        { field: 'subscriptions.1', problem: 'contact_created is a Callbell event Herald does not send' },
        { field: 'subscriptions.2', problem: expect.stringMatching(/^message\.inbound is not a Callbell webhook event/) },
      ],
    });
  });

  it('names every Herald event by at most one Callbell event, and back again', () => {
    const named = CallbellWebhookEvents.flatMap((name) => heraldEventsOfCallbell[name]);
    expect(new Set(named).size).toBe(named.length);
    for (const name of CallbellWebhookEvents) {
      for (const event of heraldEventsOfCallbell[name]) expect(callbellNameOf(event)).toBe(name);
    }
    expect(named.every((event) => (WebhookEventTypes as readonly string[]).includes(event))).toBe(true);
  });

  it("answers an endpoint's subscriptions in Callbell's names, leaving out events Callbell has none for", () => {
    expect(callbellSubscriptionsOf(['contact.opted_in', 'channel.unhealthy', 'message.inbound'])).toEqual(['message_created', 'contact_updated']);
    expect(callbellNameOf('ping')).toBe('ping');
    expect(callbellNameOf('template.status_changed')).toBe('template.status_changed');
  });
});
