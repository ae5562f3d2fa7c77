import { checkContract } from '../validation';
import { Topics } from '../topics';
import { ContactWindowsRequest, MAX_WINDOWS_ASKED } from '../contacts/contact-window.dto';
import { ChannelHealthEvent } from './channel-health';
import { ContactWindowClosingEvent } from './contact-window-closing';
import { envelope } from './event-envelope';
import { MessageStatusEvent } from './message-status';
import { TemplateStatusEvent } from './template-status';

const at = '2026-11-24T12:00:00.000Z';
const channelUuid = '0c6f1a43-8d0e-4f5a-9c61-3b7e2d9a4f22';
const teamUuid = '7b1e6b0e-3a52-4a57-9d7e-2f0f3c1d8a11';
const fields = (check: { ok: boolean; problems?: Array<{ field: string }> }) => (check.ok ? [] : check.problems!.map((problem) => problem.field));

describe('channel.health', () => {
  const check = (data: object) => fields(checkContract(ChannelHealthEvent, envelope(Topics.ChannelHealth, data)));

  it('says why a channel is unhealthy, with WhatsApp\'s code, and needs no reason for a healthy one', () => {
    expect(check({ channelUuid, teamUuid, healthy: false, reason: 'provider_token_expired', message: 'expired', providerCode: 190, at })).toEqual([]);
    expect(check({ channelUuid, teamUuid, healthy: true, at })).toEqual([]);
  });

  it('refuses an unhealthy channel without a known reason code', () => {
    expect(check({ channelUuid, teamUuid, healthy: false, at })).toEqual(['data.reason']);
    expect(check({ channelUuid, teamUuid, healthy: false, reason: 'token gone', at })).toEqual(['data.reason']);
    expect(check({ channelUuid, teamUuid, healthy: 'no', reason: 'provider_auth_failed', at })).toEqual(['data.healthy']);
  });
});

describe('contact.window_closing', () => {
  const window = {
    teamUuid,
    channelUuid,
    contactUuid: 'c'.repeat(32),
    phone: '+15550001111',
    lastInboundAt: at,
    closesAt: '2026-11-25T12:00:00.000Z',
  };
  const check = (data: object) => fields(checkContract(ContactWindowClosingEvent, envelope(Topics.ContactWindowClosing, data)));

  it('takes a window with its contact, and refuses one without its moments or with a contact uuid Herald does not make', () => {
    expect(check(window)).toEqual([]);
    const { closesAt: _closesAt, ...withoutEnd } = window;
    expect(check(withoutEnd)).toEqual(['data.closesAt']);
    expect(check({ ...window, lastInboundAt: 'yesterday' })).toEqual(['data.lastInboundAt']);
    expect(check({ ...window, contactUuid: 'C'.repeat(32) })).toEqual(['data.contactUuid']);
  });
});

describe('POST /windows (the policy)', () => {
  const check = (body: object) => fields(checkContract(ContactWindowsRequest, body));

  it('takes contacts on channels, and a moment to judge at if given', () => {
    expect(check({ contacts: [{ channelUuid, phone: '+15550001111' }] })).toEqual([]);
    expect(check({ contacts: [], at })).toEqual([]);
  });

  it('refuses a channel that is no uuid, a moment that is no time, and too many contacts at once', () => {
    expect(check({ contacts: [{ channelUuid: 'nope', phone: '+15550001111' }] })).toEqual(['contacts.0.channelUuid']);
    expect(check({ contacts: [], at: 'now' })).toEqual(['at']);
    expect(check({ contacts: Array.from({ length: MAX_WINDOWS_ASKED + 1 }, () => ({ channelUuid, phone: '+1' })) })).toEqual(['contacts']);
  });
});

describe('template.status', () => {
  const template = {
    templateUuid: 'a'.repeat(32),
    wabaId: '100000000000001',
    teamUuids: [teamUuid],
    name: 'order_update',
    language: 'en_US',
    status: 'PAUSED',
    previousStatus: 'APPROVED',
    at,
  };
  const check = (data: object) => fields(checkContract(TemplateStatusEvent, envelope(Topics.TemplateStatus, data)));

  it('takes a changed status, a new template (no previous status) and one whose teams are not told', () => {
    expect(check(template)).toEqual([]);
    expect(check({ ...template, previousStatus: null })).toEqual([]);
    const { teamUuids: _teams, ...withoutTeams } = template;
    expect(check(withoutTeams)).toEqual([]);
  });

  it('refuses a template uuid Herald does not make, a team that is no uuid, and a missing previous status', () => {
    expect(check({ ...template, templateUuid: 'A'.repeat(32) })).toEqual(['data.templateUuid']);
    expect(check({ ...template, teamUuids: ['team'] })).toEqual(['data.teamUuids']);
    const { previousStatus: _previous, ...withoutPrevious } = template;
    expect(check(withoutPrevious)).toEqual(['data.previousStatus']);
  });
});

describe('pricing and conversation on message.status', () => {
  const status = {
    providerMessageId: 'wamid.1',
    status: 'sent',
    statusAt: at,
    recipientId: '31612345678',
    phoneNumberId: '1234',
  };
  const check = (data: object) => fields(checkContract(MessageStatusEvent, envelope(Topics.MessageStatus, data)));

  it("carries them in Meta's shape, each field optional", () => {
    expect(
      check({
        ...status,
        pricing: { billable: true, pricing_model: 'PMP', category: 'utility', type: 'regular' },
        conversation: { id: 'c0ffee', origin: { type: 'utility' }, expiration_timestamp: '1764000000' },
      }),
    ).toEqual([]);
    expect(check({ ...status, pricing: {}, conversation: { origin: {} } })).toEqual([]);
    expect(check(status)).toEqual([]);
  });

  it('refuses them in another shape', () => {
    expect(check({ ...status, pricing: 'CBP' })).toEqual(['data.pricing']);
    expect(check({ ...status, pricing: { billable: 'yes' } })).toEqual(['data.pricing.billable']);
    expect(check({ ...status, conversation: { origin: { type: 7 } } })).toEqual(['data.conversation.origin.type']);
    expect(check({ ...status, conversation: { expiration_timestamp: 'tomorrow' } })).toEqual(['data.conversation.expiration_timestamp']);
  });
});
