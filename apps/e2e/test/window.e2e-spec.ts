import { contactUuidFor, ContactWindowsResponse, MessageStatusResponse, SendMessageResponse, ValidationVerdictDto, WebhookEndpointView } from '@herald/contracts';
import { customerWrites, DeliveryReceiver, eventually, Platform, startDeliveryReceiver, startPlatform, whatsAppWebhook } from '@herald/testing';
import { signWebhookBody } from '@herald/whatsapp';

/** The alert goes out this long before a window closes; the poll looks twice a second. */
const LEAD_MS = 10 * 60_000;
const POLL_MS = 500;
const DAY_MS = 24 * 60 * 60_000;

describe("the customer's 24-hour window as data", () => {
  let platform: Platform;
  const receivers: DeliveryReceiver[] = [];

  beforeAll(async () => {
    platform = await startPlatform({
      policyEnv: { WINDOW_CLOSING_LEAD_MS: String(LEAD_MS), WINDOW_CLOSING_POLL_MS: String(POLL_MS) },
      // The receiver listens on 127.0.0.1, over plain http.
      ingressEnv: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
    });
  });

  afterAll(async () => {
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await platform?.stop();
  });

  const api = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> => {
    const response = await fetch(`${platform.ingressUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${platform.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json().catch(() => null)) as T };
  };

  const text = (to: string) => ({ to, from: 'whatsapp', type: 'text', content: { text: 'Anything else I can do for you?' } });

  const finalStatus = (uuid: string) =>
    eventually(async () => {
      const { json } = await api<MessageStatusResponse>('GET', `/messages/status/${uuid}`);
      return json?.message && ['rejected', 'read', 'failed'].includes(json.message.status) ? json.message : undefined;
    }, 30_000);

  /** The customer wrote `ago` ms before now; answers the moment WhatsApp's webhook says (whole seconds) and its wamid. */
  const wrote = async (phone: string, ago: number) => {
    const sentAt = new Date(Math.floor((Date.now() - ago) / 1000) * 1000);
    const wamid = await customerWrites(platform, phone, { sentAt });
    return { sentAt, closesAt: new Date(sentAt.getTime() + DAY_MS).toISOString(), wamid };
  };

  it('says the window is open 23 h 59 m after the customer wrote and closed 24 h 01 m after, as the sends are decided', async () => {
    const [open, closed, never] = ['+14470000001', '+14470000002', '+14470000003'];
    const wroteOpen = await wrote(open, (23 * 60 + 59) * 60_000);
    const wroteClosed = await wrote(closed, (24 * 60 + 1) * 60_000);

    const valid = await api<ValidationVerdictDto>('POST', '/messages/validate', text(open));
    expect(valid).toEqual({ status: 200, json: { valid: true, window: { open: true, closesAt: wroteOpen.closesAt } } });
    const invalid = await api<ValidationVerdictDto>('POST', '/messages/validate', text(closed));
    expect(invalid).toEqual({
      status: 200,
      json: { valid: false, reason: { code: 'session_window_closed', message: expect.any(String) }, window: { open: false, closesAt: wroteClosed.closesAt } },
    });
    const unknown = await api<ValidationVerdictDto>('POST', '/messages/validate', text(never));
    expect(unknown.json).toMatchObject({ valid: false, window: { open: false, closesAt: null } });

    // The real sends: the dry run's answer was the decision.
    const sent = await api<SendMessageResponse>('POST', '/messages/send', text(open));
    const approved = await finalStatus(sent.json.message.uuid);
    expect(approved.statusHistory.map((change) => change.status)).toEqual(expect.arrayContaining(['enqueued', 'sent']));
    const refused = await api<SendMessageResponse>('POST', '/messages/send', text(closed));
    const rejected = await finalStatus(refused.json.message.uuid);
    expect([rejected.status, rejected.failure?.code]).toEqual(['rejected', 'session_window_closed']);

    // The policy's own answer, which GET /contacts/:uuid gives: in the order asked, with when the customer last wrote.
    const response = await fetch(`${platform.services.policy.url}/windows`, {
      method: 'POST',
      headers: { ...platform.internalHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ contacts: [closed, never, open].map((phone) => ({ channelUuid: platform.channelUuid, phone })) }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as ContactWindowsResponse).windows).toEqual([
      { channelUuid: platform.channelUuid, phone: closed, open: false, closesAt: wroteClosed.closesAt, lastInboundAt: wroteClosed.sentAt.toISOString() },
      { channelUuid: platform.channelUuid, phone: never, open: false, closesAt: null, lastInboundAt: null },
      { channelUuid: platform.channelUuid, phone: open, open: true, closesAt: wroteOpen.closesAt, lastInboundAt: wroteOpen.sentAt.toISOString() },
    ]);
    const refusedBody = await fetch(`${platform.services.policy.url}/windows`, {
      method: 'POST',
      headers: { ...platform.internalHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ contacts: [{ channelUuid: 'nope', phone: open }] }),
    });
    expect(refusedBody.status).toBe(400);
  });

  it('tells contact.window_closing once, at the lead time before the window closes, however often Meta delivers the message', async () => {
    const receiver = await startDeliveryReceiver();
    receivers.push(receiver);
    const created = await api<WebhookEndpointView>('POST', '/webhooks/endpoints', { url: receiver.url, events: ['contact.window_closing'] });
    expect([created.status, created.json]).toEqual([201, expect.objectContaining({ events: ['contact.window_closing'] })]);

    const [closing, alreadyDue, longClosed] = ['+14470000011', '+14470000012', '+14470000013'];
    // Due a few seconds from now; one due already (it still closes in 5 minutes); one whose window closed long ago.
    const soon = await wrote(closing, DAY_MS - LEAD_MS - 6_000);
    const dueAt = Date.parse(soon.closesAt) - LEAD_MS;
    const due = await wrote(alreadyDue, DAY_MS - 5 * 60_000);
    await wrote(longClosed, 3 * DAY_MS);

    // Meta delivers the webhook of the closing contact's message again, before and after its alert.
    const redeliver = async () => {
      const body = webhookOf(closing, soon.wamid, soon.sentAt);
      const response = await fetch(`${platform.ingressUrl}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(platform.appSecret, body) },
        body,
      });
      expect(response.status).toBe(200);
    };
    await redeliver();

    const [first, second] = await receiver.waitFor(2, 30_000);
    const byPhone = new Map([first, second].map((delivery) => [delivery.payload.data.phone, delivery]));
    expect([...byPhone.keys()].sort()).toEqual([closing, alreadyDue].sort());
    const alert = byPhone.get(closing)!;
    expect(alert.payload).toEqual({
      id: expect.stringMatching(/^evt_/),
      type: 'contact.window_closing',
      timestamp: new Date(dueAt).toISOString(),
      data: {
        channelUuid: platform.channelUuid,
        phone: closing,
        contactUuid: contactUuidFor(platform.teamUuid, closing),
        lastInboundAt: soon.sentAt.toISOString(),
        closesAt: soon.closesAt,
      },
    });
    expect(alert.receivedAt).toBeGreaterThanOrEqual(dueAt);
    expect(byPhone.get(alreadyDue)!.payload.data.closesAt).toBe(due.closesAt);

    await redeliver();
    // Several polls later, nothing more: not the same window again, nor the one that had closed.
    await new Promise((resolve) => setTimeout(resolve, 8 * POLL_MS));
    expect(receiver.received.map((delivery) => delivery.payload.data.phone).sort()).toEqual([closing, alreadyDue].sort());
  });
});

/** The webhook Meta sent for a customer's text message to the demo number, as it would send it again. */
function webhookOf(phone: string, wamid: string, sentAt: Date): string {
  const waId = phone.replace(/^\+/, '');
  return whatsAppWebhook('100000000000002', {
    contacts: [{ profile: { name: 'Sandbox Customer' }, wa_id: waId }],
    messages: [{ from: waId, id: wamid, timestamp: String(sentAt.getTime() / 1000), type: 'text', text: { body: 'Hello!' } }],
  });
}
