import type { ChannelIntegration, MessageWarning, RejectionCode, SendMessageDto } from '@herald/contracts';
import type { ConsentOrigin } from '../contacts/consent-event.entity';

export const SESSION_WINDOW_MS = 24 * 60 * 60 * 1000;

/** What the policy knows when it decides, all of it as it stood when the message was accepted. */
export interface DecisionInput {
  request: SendMessageDto;
  /** When the request was accepted, or reached Kafka if later (see judgedAt): the window is judged here, not at the wall clock. */
  acceptedAt: Date;
  /** The customer's last message to this number at or before `acceptedAt`, if any. */
  lastInboundAt: Date | null;
  /** Who opted the contact out (the customer writing STOP, or the team through the API), if they had not opted back in by `acceptedAt`. */
  optedOutBy: ConsentOrigin | null;
  integration: ChannelIntegration;
  /** Whether the assigned user is on the team, as the ingress found; unknown counts as not. */
  assignedUserIsMember?: boolean;
}

export type Verdict =
  | { approved: true; assignee?: string; warnings?: MessageWarning[] }
  | { approved: false; code: RejectionCode; message: string };

type Rule = (input: DecisionInput) => Verdict | null;

const reject = (code: RejectionCode, message: string): Verdict => ({ approved: false, code, message });
const isTemplate = (request: SendMessageDto) => Boolean(request.template_uuid);

const optedOutBecause: Record<ConsentOrigin, string> = {
  customer: 'The contact opted out of messages from this number (they wrote STOP)',
  team: 'The team opted the contact out of messages from this number through the API',
};

/** An opted-out contact gets nothing, whatever the request says; the reason says who opted them out. */
export const contactOptedOut: Rule = ({ optedOutBy }) => (optedOutBy ? reject('contact_opted_out', optedOutBecause[optedOutBy]) : null);

/**
 * Audio, video, templates and interactive messages (buttons, lists, call-to-action URLs) need the official WhatsApp
 * Business API integration; so does a media by WhatsApp media id, which only that API's uploads give out.
 */
export const channelCapabilities: Rule = ({ request, integration }) => {
  if (integration === 'whatsapp_business_api') return null;
  if (isTemplate(request)) {
    return reject('unsupported_on_channel', 'Template messages need a channel on the official WhatsApp Business API');
  }
  if (request.type === 'audio' || request.type === 'video' || request.type === 'interactive') {
    return reject('unsupported_on_channel', `${request.type} messages need a channel on the official WhatsApp Business API`);
  }
  if (request.content.id !== undefined) {
    return reject('unsupported_on_channel', 'Media by WhatsApp media id needs a channel on the official WhatsApp Business API');
  }
  return null;
};

/** A template goes only to a contact the sender says opted in. */
export const templateOptIn: Rule = ({ request }) =>
  isTemplate(request) && request.optin_contact !== true
    ? reject('optin_required', 'A template message needs optin_contact: true, confirming the contact opted in')
    : null;

/** The customer-service window at a moment: open until `closesAt`, 24 hours after the customer last wrote. */
export interface SessionWindow {
  open: boolean;
  /** Null when the customer never wrote: there is no window to close. */
  closesAt: Date | null;
}

/**
 * The window as it stands at `at`: the one answer the rule below, `POST /windows` and `POST /messages/validate` all
 * give, so what a team is told of a window and what is decided about its message never disagree.
 */
export function windowAt(lastInboundAt: Date | null, at: Date): SessionWindow {
  if (!lastInboundAt) return { open: false, closesAt: null };
  const closesAt = windowClosesAt(lastInboundAt);
  return { open: closesAt.getTime() > at.getTime(), closesAt };
}

/** When the window a customer's message opened closes. */
export function windowClosesAt(lastInboundAt: Date): Date {
  return new Date(lastInboundAt.getTime() + SESSION_WINDOW_MS);
}

/** Outside the 24 hours after the customer's last message, only templates may be sent. */
export const sessionWindow: Rule = ({ request, acceptedAt, lastInboundAt }) => {
  if (isTemplate(request)) return null;
  const window = windowAt(lastInboundAt, acceptedAt);
  if (window.open) return null;
  if (!window.closesAt) {
    return reject(
      'session_window_closed',
      'The customer has never written to this number: only a template message can start the conversation',
    );
  }
  return reject(
    'session_window_closed',
    `The 24-hour window closed at ${window.closesAt.toISOString()}, 24 hours after the customer last wrote: only a template message can be sent`,
  );
};

/** In the order a person would explain a refusal; the first that refuses decides. */
export const rules: Rule[] = [contactOptedOut, channelCapabilities, templateOptIn, sessionWindow];

export function decide(input: DecisionInput): Verdict {
  for (const rule of rules) {
    const verdict = rule(input);
    if (verdict) return verdict;
  }
  return { approved: true, ...assignment(input) };
}

/** A team member becomes the assignee; anyone else leaves the message unassigned, with a warning (Callbell's rule). */
function assignment({ request, assignedUserIsMember }: DecisionInput): { assignee?: string; warnings?: MessageWarning[] } {
  if (!request.assigned_user) return {};
  const email = request.assigned_user.toLowerCase();
  if (assignedUserIsMember) return { assignee: email };
  return {
    warnings: [{ code: 'assignee_not_member', message: `${email} is not a member of the team: the message is sent unassigned` }],
  };
}
