import { createHash } from 'node:crypto';
import { SendMessageResponse } from '@herald/contracts';
import { customerWrites, eventually, Platform, startPlatform } from '@herald/testing';
import { signWebhookBody } from '@herald/whatsapp';

interface ConversationMessage {
  uuid: string;
  direction: 'inbound' | 'outbound';
  type: string;
  text: string | null;
  status: string;
  createdAt: string;
  from: string;
  to: string;
  content?: Record<string, unknown>;
  providerMessageId: string | null;
}

interface ConversationPage {
  messages: ConversationMessage[];
  nextCursor: string | null;
}

interface SandboxInbound {
  wamid: string;
  httpStatus: number;
  payload: unknown;
}

/** WhatsApp's timestamps are whole seconds: each turn of the chat starts in a second of its own. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1_050 - (Date.now() % 1_000)));

describe('a conversation: what the customer wrote, interleaved with what the team sent', () => {
  let platform: Platform;
  /** A number no other spec writes from: the specs share one database and the demo team. */
  const customer = '+14460000001';

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const api = async <T>(method: string, path: string, body?: unknown, apiKey = platform.apiKey): Promise<{ status: number; json: T; bytes: Buffer; headers: Headers }> => {
    const response = await fetch(`${platform.ingressUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    let json: T = null as T;
    try {
      json = JSON.parse(bytes.toString('utf8')) as T;
    } catch {
      // A media download.
    }
    return { status: response.status, json, bytes, headers: response.headers };
  };

  const teamSends = async (text: string) => {
    const { status, json } = await api<SendMessageResponse>('POST', '/messages/send', { to: customer, from: 'whatsapp', type: 'text', content: { text } });
    expect(status).toBe(200);
    return json.message.uuid;
  };

  const customerSends = async (kind: Record<string, unknown>): Promise<SandboxInbound> => {
    const response = await fetch(`${platform.sandboxUrl}/_sandbox/inbound`, {
      method: 'POST',
      headers: { ...platform.internalHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ from: customer, ...kind }),
    });
    const delivery = (await response.json()) as SandboxInbound;
    expect([response.status, delivery.httpStatus]).toEqual([200, 200]);
    return delivery;
  };

  /** Meta delivers a webhook at least once: the same signed bytes again. */
  const metaRedelivers = async (payload: unknown) => {
    const body = Buffer.from(JSON.stringify(payload));
    const response = await fetch(`${platform.ingressUrl}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(platform.appSecret, body) },
      body,
    });
    expect(response.status).toBe(200);
  };

  const contactUuid = () =>
    eventually(async () => {
      const { status, json } = await api<{ contact: { uuid: string } }>('GET', `/contacts/phone/${encodeURIComponent(customer)}`);
      return status === 200 ? json.contact.uuid : undefined;
    });

  const conversation = async (uuid: string, query = '') => {
    const { status, json } = await api<ConversationPage>('GET', `/contacts/${uuid}/messages${query}`);
    expect(status).toBe(200);
    return json;
  };

  it('lists both directions newest first, each message once, and serves the image the customer sent', async () => {
    await customerWrites(platform, customer, { text: 'Hi, where is my order?' });
    await nextSecond();
    const firstReply = await teamSends('Sure! Could you send a photo of the receipt?');
    await nextSecond();
    const image = await customerSends({ image: { caption: 'the receipt', mime_type: 'image/png' } });
    await metaRedelivers(image.payload);
    await metaRedelivers(image.payload);
    await nextSecond();
    const secondReply = await teamSends('Thanks. Where should we deliver it?');
    await nextSecond();
    const location = await customerSends({ location: { latitude: 52.3731, longitude: 4.8922, name: 'Dam Square', address: 'Dam, Amsterdam' } });
    await nextSecond();
    const button = await customerSends({ button: { text: 'Deliver today', payload: 'deliver_today' } });
    await metaRedelivers(button.payload);

    const uuid = await contactUuid();
    const page = await eventually(async () => {
      const found = await conversation(uuid);
      return found.messages.length >= 6 ? found : undefined;
    }, 30_000);
    const { messages } = page;
    expect(messages.map((message) => [message.direction, message.type])).toEqual([
      ['inbound', 'button'],
      ['inbound', 'location'],
      ['outbound', 'text'],
      ['inbound', 'image'],
      ['outbound', 'text'],
      ['inbound', 'text'],
    ]);
    expect(new Set(messages.map((message) => message.uuid)).size).toBe(6);
    expect(messages[2].uuid).toBe(secondReply);
    expect(messages[4].uuid).toBe(firstReply);
    expect(messages[5]).toEqual(expect.objectContaining({ text: 'Hi, where is my order?', status: 'received', from: customer }));
    expect(messages[3]).toEqual(expect.objectContaining({ text: 'the receipt', status: 'received' }));
    expect(messages[1].providerMessageId).toBe(location.wamid);
    expect(messages[1].content).toEqual(expect.objectContaining({ location: expect.objectContaining({ latitude: 52.3731, longitude: 4.8922, name: 'Dam Square' }) }));
    expect(messages[0].providerMessageId).toBe(button.wamid);
    expect(messages[0].content).toEqual(expect.objectContaining({ reply: { kind: 'button', id: 'deliver_today', title: 'Deliver today' } }));
    const times = messages.map((message) => Date.parse(message.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    // Each outbound message carries its status, which goes on to read.
    await eventually(async () => {
      const statuses = (await conversation(uuid)).messages.filter((message) => message.direction === 'outbound').map((message) => message.status);
      return statuses.every((status) => status === 'read') ? statuses : undefined;
    }, 30_000);

    // Cursor pages of two walk the same conversation, nothing repeated or skipped.
    const walked: string[] = [];
    let cursor: string | null | undefined;
    do {
      const next: ConversationPage = await conversation(uuid, `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(next.messages.length).toBeLessThanOrEqual(2);
      walked.push(...next.messages.map((message) => message.uuid));
      cursor = next.nextCursor;
    } while (cursor);
    expect(walked).toEqual(messages.map((message) => message.uuid));

    // The window runs from the customer's last message, as the policy judges it.
    const lastWritten = Number(
      (button.payload as { entry: Array<{ changes: Array<{ value: { messages: Array<{ timestamp: string }> } }> }> }).entry[0].changes[0].value.messages[0].timestamp,
    );
    const contact = await api<{ contact: Array<{ uuid: string; phoneNumber: string; window?: { open: boolean; closesAt: string | null } }> }>('GET', `/contacts/${uuid}`);
    expect(contact.status).toBe(200);
    expect(contact.json.contact[0]).toEqual(
      expect.objectContaining({ uuid, phoneNumber: customer, window: { open: true, closesAt: new Date((lastWritten + 24 * 60 * 60) * 1000).toISOString() } }),
    );

    // The image's bytes, through Herald, with no WhatsApp token in sight.
    const media = (image.payload as { entry: Array<{ changes: Array<{ value: { messages: Array<{ image: { id: string; sha256: string; mime_type: string } }> } }> }> }).entry[0]
      .changes[0].value.messages[0].image;
    const download = await api('GET', `/media/${media.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.bytes.length).toBeGreaterThan(0);
    expect(createHash('sha256').update(download.bytes).digest('base64')).toBe(media.sha256);

    // The inbound side alone, as the message list filters it.
    const inbound = await api<{ messages: Array<{ uuid: string; direction: string }> }>('GET', `/messages?direction=inbound&to=${encodeURIComponent(customer)}`);
    expect(inbound.status).toBe(200);
    expect(inbound.json.messages.every((message) => message.direction === 'inbound')).toBe(true);
  });
});
