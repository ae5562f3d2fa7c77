import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { messageFailureCodes, previewRefusalCodes, warningCodes } from '../messages/reason-codes';
import { checkContract } from '../validation';
import { Topics } from '../topics';
import { envelope } from './event-envelope';
import { MessageApprovedEvent } from './message-approved';
import { MessageFailedEvent } from './message-failed';
import { MessageHeldEvent } from './message-held';
import { MessageReadyEvent } from './message-ready';
import { MessageRejectedEvent } from './message-rejected';
import { MessageRequestedEvent } from './message-requested';
import { MessageStatusEvent } from './message-status';

const route = {
  messageUuid: 'adf3d1216d4c4dcd908199d6700f2381',
  teamUuid: '7b1e6b0e-3a52-4a57-9d7e-2f0f3c1d8a11',
  channelUuid: '0c6f1a43-8d0e-4f5a-9c61-3b7e2d9a4f22',
  to: '+31612345678',
};
const at = '2026-11-24T12:00:00.000Z';
const request = { to: '+31612345678', from: 'whatsapp', type: 'text', content: { text: 'Hello!' } };
const fields = (check: { ok: boolean; problems?: Array<{ field: string }> }) => (check.ok ? [] : check.problems!.map((problem) => problem.field));

describe('reason codes on message events', () => {
  it('accepts every code where it belongs', () => {
    expect(checkContract(MessageRejectedEvent, envelope(Topics.MessageRejected, { ...route, reason: { code: 'session_window_closed', message: 'closed' }, rejectedAt: at })).ok).toBe(true);
    expect(checkContract(MessageFailedEvent, envelope(Topics.MessageFailed, { ...route, reason: { code: 'provider_rejected', message: 'no', providerCode: 100 }, failedAt: at })).ok).toBe(true);
    expect(checkContract(MessageHeldEvent, envelope(Topics.MessageHeld, { ...route, reason: { code: 'outcome_unknown', message: 'held' }, heldAt: at })).ok).toBe(true);
    expect(
      checkContract(
        MessageApprovedEvent,
        envelope(Topics.MessageApproved, { ...route, request, acceptedAt: at, approvedAt: at, warnings: [{ code: 'assignee_not_member', message: 'not on the team' }] }),
      ).ok,
    ).toBe(true);
  });

  it('refuses an unknown code as a contract problem, naming the field', () => {
    const rejected = envelope(Topics.MessageRejected, { ...route, reason: { code: 'because', message: 'no' }, rejectedAt: at });
    expect(fields(checkContract(MessageRejectedEvent, rejected))).toEqual(['data.reason.code']);
    const failed = envelope(Topics.MessageFailed, { ...route, reason: { code: 'Provider_Rejected', message: 'no' }, failedAt: at });
    expect(fields(checkContract(MessageFailedEvent, failed))).toEqual(['data.reason.code']);
    const held = envelope(Topics.MessageHeld, { ...route, reason: { code: 42, message: 'held' }, heldAt: at });
    expect(fields(checkContract(MessageHeldEvent, held))).toEqual(['data.reason.code']);
    const approved = envelope(Topics.MessageApproved, { ...route, request, acceptedAt: at, approvedAt: at, warnings: [{ code: 'typo', message: 'x' }] });
    expect(fields(checkContract(MessageApprovedEvent, approved))).toEqual(['data.warnings.0.code']);
    const status = envelope(Topics.MessageStatus, {
      providerMessageId: 'wamid.1',
      status: 'failed',
      statusAt: at,
      recipientId: '31612345678',
      phoneNumberId: '1234',
      failure: { code: 'nope', message: 'x' },
    });
    expect(fields(checkContract(MessageStatusEvent, status))).toEqual(['data.failure.code']);
  });

  it('keeps rejections and send failures apart: a dispatcher failure is no rejection, a policy refusal no failure', () => {
    const rejected = envelope(Topics.MessageRejected, { ...route, reason: { code: 'outcome_unknown', message: 'x' }, rejectedAt: at });
    expect(fields(checkContract(MessageRejectedEvent, rejected))).toEqual(['data.reason.code']);
    const failed = envelope(Topics.MessageFailed, { ...route, reason: { code: 'contact_opted_out', message: 'x' }, failedAt: at });
    expect(fields(checkContract(MessageFailedEvent, failed))).toEqual(['data.reason.code']);
  });
});

describe('message.requested', () => {
  it('has no field for the ingress\'s own bookkeeping: an event claiming its ledger row is written is refused', () => {
    const event = envelope(Topics.MessageRequested, { ...route, request, acceptedAt: at, ledgerRecorded: true });
    expect(fields(checkContract(MessageRequestedEvent, event))).toEqual(['data.ledgerRecorded']);
  });
});

describe('template components of message.ready', () => {
  const ready = (components: unknown[]) =>
    envelope(Topics.MessageReady, {
      ...route,
      outbound: { kind: 'template', template: { name: 'order_update', language: 'en', components } },
      renderedText: 'Your order 42 ships today',
    });

  it('accepts the header media and body values the template service builds', () => {
    const components = [
      { type: 'header', parameters: [{ type: 'document', document: { link: 'https://example.com/a.pdf', filename: 'a.pdf' } }] },
      { type: 'body', parameters: [{ type: 'text', text: '42' }] },
    ];
    expect(checkContract(MessageReadyEvent, ready(components)).ok).toBe(true);
    expect(checkContract(MessageReadyEvent, ready([])).ok).toBe(true);
  });

  it('refuses a component or parameter outside the Graph API shape', () => {
    expect(fields(checkContract(MessageReadyEvent, ready([{ type: 'footer', parameters: [] }])))).toEqual(['data.outbound.template.components.0.type']);
    expect(fields(checkContract(MessageReadyEvent, ready([{ type: 'body', parameters: [{ type: 'text' }] }])))).toEqual([
      'data.outbound.template.components.0.parameters.0.text',
    ]);
    expect(fields(checkContract(MessageReadyEvent, ready([{ type: 'header', parameters: [{ type: 'image', image: {} }] }])))).toEqual([
      'data.outbound.template.components.0.parameters.0.image.link',
    ]);
    expect(fields(checkContract(MessageReadyEvent, ready([{ type: 'body', parameters: [{ type: 'text', text: 'x', extra: 1 }] }])))).toEqual([
      'data.outbound.template.components.0.parameters.0.extra',
    ]);
  });
});

describe('docs/api.md', () => {
  it('lists every reason code a client can see', () => {
    const documented = readFileSync(join(__dirname, '../../../../docs/api.md'), 'utf8');
    const missing = [...messageFailureCodes, ...previewRefusalCodes, ...warningCodes].filter((code) => !documented.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });
});
