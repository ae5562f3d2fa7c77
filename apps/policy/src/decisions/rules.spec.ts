import { SendMessageDto } from '@herald/contracts';
import { decide, DecisionInput, SESSION_WINDOW_MS, windowAt } from './rules';

const acceptedAt = new Date('2026-11-24T12:00:00.000Z');
const minutesBefore = (minutes: number) => new Date(acceptedAt.getTime() - minutes * 60_000);
const text = { to: '+31612345678', from: 'whatsapp', type: 'text', content: { text: 'Hi' } } as SendMessageDto;
const template = {
  ...text,
  content: { text: 'John' },
  template_uuid: 'd980fb66fd5043d3ace1aac06e7ba6a7',
  optin_contact: true,
} as SendMessageDto;

const input = (overrides: Partial<DecisionInput>): DecisionInput => ({
  request: text,
  acceptedAt,
  lastInboundAt: minutesBefore(60),
  optedOutBy: null,
  integration: 'whatsapp_business_api',
  ...overrides,
});

describe('the session window', () => {
  it('is open 23 h 59 m after the customer wrote', () => {
    expect(decide(input({ lastInboundAt: minutesBefore(23 * 60 + 59) }))).toEqual({ approved: true });
  });

  it('is closed 24 h 01 m after, and says when it closed', () => {
    expect(decide(input({ lastInboundAt: minutesBefore(24 * 60 + 1) }))).toEqual({
      approved: false,
      code: 'session_window_closed',
      message: expect.stringContaining('2026-11-24T11:59:00.000Z'),
    });
  });

  it('is closed for a customer who never wrote', () => {
    expect(decide(input({ lastInboundAt: null }))).toMatchObject({ approved: false, code: 'session_window_closed' });
  });

  it('does not apply to templates', () => {
    expect(decide(input({ request: template, lastInboundAt: null }))).toEqual({ approved: true });
  });
});

describe('windowAt', () => {
  it('closes 24 hours after the customer wrote, and is open until then', () => {
    const wrote = minutesBefore(23 * 60 + 59);
    expect(windowAt(wrote, acceptedAt)).toEqual({ open: true, closesAt: new Date('2026-11-24T12:01:00.000Z') });
    expect(windowAt(minutesBefore(24 * 60 + 1), acceptedAt)).toEqual({ open: false, closesAt: new Date('2026-11-24T11:59:00.000Z') });
  });

  it('is closed at the very moment it closes', () => {
    expect(windowAt(new Date(acceptedAt.getTime() - SESSION_WINDOW_MS), acceptedAt)).toEqual({ open: false, closesAt: acceptedAt });
    expect(windowAt(new Date(acceptedAt.getTime() - SESSION_WINDOW_MS + 1), acceptedAt).open).toBe(true);
  });

  it('has nothing to close for a customer who never wrote', () => {
    expect(windowAt(null, acceptedAt)).toEqual({ open: false, closesAt: null });
  });

  it('agrees with the rule on every side of the 24 hours, to the millisecond', () => {
    for (const minutes of [0, 60, 23 * 60 + 59, 24 * 60 - 1 / 60_000, 24 * 60, 24 * 60 + 1 / 60_000, 24 * 60 + 1, 48 * 60]) {
      const lastInboundAt = minutesBefore(minutes);
      expect({ minutes, approved: decide(input({ lastInboundAt })).approved }).toEqual({ minutes, approved: windowAt(lastInboundAt, acceptedAt).open });
    }
  });
});

describe('templates and opt-in', () => {
  it('needs optin_contact: true', () => {
    expect(decide(input({ request: { ...template, optin_contact: false } }))).toMatchObject({ approved: false, code: 'optin_required' });
  });
});

describe('channel capabilities', () => {
  const media = (type: 'audio' | 'video' | 'image') => ({ ...text, type, content: { url: 'https://example.com/a' } }) as SendMessageDto;

  it.each(['audio', 'video'] as const)('sends %s only through the official API', (type) => {
    expect(decide(input({ request: media(type) }))).toEqual({ approved: true });
    expect(decide(input({ request: media(type), integration: 'whatsapp_app' }))).toMatchObject({ approved: false, code: 'unsupported_on_channel' });
  });

  it('sends images through either integration', () => {
    expect(decide(input({ request: media('image'), integration: 'whatsapp_app' }))).toEqual({ approved: true });
  });

  const interactive = {
    ...text,
    type: 'interactive',
    content: { type: 'button', body: { text: 'Confirm?' }, action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }] } },
  } as SendMessageDto;

  it('sends interactive messages and media by WhatsApp media id only through the official API', () => {
    const byId = { ...text, type: 'image', content: { id: '1037543291543636' } } as SendMessageDto;
    for (const request of [interactive, byId]) {
      expect(decide(input({ request }))).toEqual({ approved: true });
      expect(decide(input({ request, integration: 'whatsapp_app' }))).toMatchObject({ approved: false, code: 'unsupported_on_channel' });
    }
  });

  it.each([
    ['interactive', interactive],
    ['location', { ...text, type: 'location', content: { latitude: 52.37, longitude: 4.89 } }],
    ['contacts', { ...text, type: 'contacts', content: { contacts: [{ name: { formatted_name: 'Ann' } }] } }],
    ['sticker', { ...text, type: 'sticker', content: { url: 'https://example.com/s.webp' } }],
    ['reaction', { ...text, type: 'reaction', content: { message_uuid: 'a'.repeat(32), emoji: '👍' } }],
    ['a reply', { ...text, reply_to: 'a'.repeat(32) }],
  ])('sends %s only within the 24-hour window, as free-form messages are', (_kind, request) => {
    expect(decide(input({ request: request as SendMessageDto }))).toEqual({ approved: true });
    expect(decide(input({ request: request as SendMessageDto, lastInboundAt: minutesBefore(24 * 60 + 1) }))).toMatchObject({
      approved: false,
      code: 'session_window_closed',
    });
  });

  it('sends templates only through the official API', () => {
    expect(decide(input({ request: template, integration: 'whatsapp_app' }))).toMatchObject({ approved: false, code: 'unsupported_on_channel' });
  });
});

describe('opt-out', () => {
  it('refuses everything, templates included, to an opted-out contact', () => {
    expect(decide(input({ optedOutBy: 'customer' }))).toMatchObject({ approved: false, code: 'contact_opted_out' });
    expect(decide(input({ optedOutBy: 'team', request: template }))).toMatchObject({ approved: false, code: 'contact_opted_out' });
  });

  it('says the customer wrote STOP only when they did, and that the team opted them out when it did', () => {
    expect(decide(input({ optedOutBy: 'customer' }))).toMatchObject({ message: expect.stringContaining('they wrote STOP') });
    const byTeam = decide(input({ optedOutBy: 'team' }));
    expect(byTeam).toMatchObject({ message: expect.stringContaining('The team opted the contact out') });
    expect(byTeam).not.toMatchObject({ message: expect.stringContaining('STOP') });
  });
});

describe('assignment', () => {
  const assigned = { ...text, assigned_user: 'Agent@Acme.example' } as SendMessageDto;

  it('assigns the conversation to a team member', () => {
    expect(decide(input({ request: assigned, assignedUserIsMember: true }))).toEqual({ approved: true, assignee: 'agent@acme.example' });
  });

  it('still sends, unassigned and with a warning, when the user is not on the team', () => {
    expect(decide(input({ request: assigned, assignedUserIsMember: false }))).toEqual({
      approved: true,
      warnings: [{ code: 'assignee_not_member', message: expect.stringContaining('agent@acme.example') }],
    });
  });
});
