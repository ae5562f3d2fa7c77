import { CallbellWebhookEvent, CallbellWebhookEvents, FieldProblem, WebhookEventType, WebhookEventTypes } from '@herald/contracts';

/**
 * Callbell's webhook event names and the Herald events each stands for. A consent change is what a Callbell
 * `contact_updated` tells of Herald's contacts; Herald keeps no contact records to create or delete, nor
 * conversations, agents or team memberships (yet), so the rest stand for nothing and are refused rather than
 * accepted and never sent.
 */
export const heraldEventsOfCallbell: Record<CallbellWebhookEvent, readonly WebhookEventType[]> = {
  message_created: ['message.inbound'],
  message_status_updated: ['message.status_changed'],
  contact_updated: ['contact.opted_out', 'contact.opted_in'],
  contact_created: [],
  contact_deleted: [],
  conversation_opened: [],
  conversation_closed: [],
  agent_session_updated: [],
  agent_status_updated: [],
  team_membership_updated: [],
};

const isCallbellEvent = (name: string): name is CallbellWebhookEvent => (CallbellWebhookEvents as readonly string[]).includes(name);

export type CallbellMapping = { ok: true; events: WebhookEventType[] } | { ok: false; problems: FieldProblem[] };

/** The Herald events a list of Callbell event names stands for, in the catalogue's order; each name Herald cannot send is a problem. */
export function heraldEventsFor(names: string[], field: string): CallbellMapping {
  const problems: FieldProblem[] = [];
  const events = new Set<WebhookEventType>();
  names.forEach((name, index) => {
    if (!isCallbellEvent(name)) {
      problems.push({ field: `${field}.${index}`, problem: `${name} is not a Callbell webhook event (${CallbellWebhookEvents.join(', ')})` });
    } else if (heraldEventsOfCallbell[name].length === 0) {
      problems.push({ field: `${field}.${index}`, problem: `${name} is a Callbell event Herald does not send` });
    } else {
      for (const event of heraldEventsOfCallbell[name]) events.add(event);
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, events: WebhookEventTypes.filter((event) => events.has(event)) };
}

/** The Callbell name of a Herald event; Herald's own name for an event Callbell has none for (and `ping`). */
export function callbellNameOf(event: string): string {
  const found = CallbellWebhookEvents.find((name) => (heraldEventsOfCallbell[name] as readonly string[]).includes(event));
  return found ?? event;
}

/** The Callbell names an endpoint's Herald events answer to, in Callbell's order; events with none are left out. */
export function callbellSubscriptionsOf(events: readonly WebhookEventType[]): CallbellWebhookEvent[] {
  return CallbellWebhookEvents.filter((name) => heraldEventsOfCallbell[name].some((event) => events.includes(event)));
}
