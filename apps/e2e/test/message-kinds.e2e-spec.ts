import { MessageListResponse, MessageStatusResponse, SendMessageResponse } from '@herald/contracts';
import { customerWrites, eventually, interactiveArbitrary, Platform, startPlatform } from '@herald/testing';
import fc from 'fast-check';


interface SandboxRecord {
  wamid: string;
  body: Record<string, unknown>;
}

interface ErrorBody {
  error: { code: string; details?: Array<{ field: string; problem: string }> };
}

const CUSTOMER = '+15550004401';
const digits = (phone: string) => phone.replace(/^\+/, '');

/** WhatsApp's other free-form kinds, through HTTP -> Kafka -> policy -> template -> dispatcher -> the sandbox. */
describe('every free-form message kind, end to end', () => {
  let platform: Platform;
  let customerWamid: string;

  beforeAll(async () => {
    platform = await startPlatform();
    // Every one of these kinds is free-form: it goes only to a customer who wrote in the last 24 hours.
    customerWamid = await customerWrites(platform, CUSTOMER, { text: 'Can I book?' });
    await customerWrites(platform, '+15550004402');
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const send = (body: unknown) =>
    fetch(`${platform.ingressUrl}/messages/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  const status = async (uuid: string) => {
    const response = await fetch(`${platform.ingressUrl}/messages/status/${uuid}`, { headers: { authorization: `Bearer ${platform.apiKey}` } });
    return ((await response.json()) as MessageStatusResponse).message;
  };

  const received = (uuid: string, to: string) =>
    eventually(async () => {
      const response = await fetch(`${platform.sandboxUrl}/_sandbox/messages?to=${digits(to)}`, { headers: platform.internalHeaders });
      const { data } = (await response.json()) as { data: SandboxRecord[] };
      return data.find((record) => record.body.biz_opaque_callback_data === uuid);
    });

  const settled = (uuid: string, wanted: string[] = ['read', 'failed']) =>
    eventually(async () => {
      const message = await status(uuid);
      return wanted.includes(message.status) ? message : undefined;
    }, 30_000);

  /** The customer's message as Herald lists it: its uuid is what a reaction or a reply names. */
  const customerMessageUuid = () =>
    eventually(async () => {
      const response = await fetch(`${platform.ingressUrl}/messages?direction=inbound&limit=100`, { headers: { authorization: `Bearer ${platform.apiKey}` } });
      const { messages } = (await response.json()) as MessageListResponse;
      return messages.find((message) => 'providerMessageId' in message && message.providerMessageId === customerWamid)?.uuid;
    });

  /** Sends, checks the exact Graph API body the sandbox received, and waits for `read`. */
  async function sendsExactly(request: Record<string, unknown>, graph: Record<string, unknown>): Promise<string> {
    const response = await send({ to: CUSTOMER, from: 'whatsapp', ...request });
    const accepted = (await response.json()) as SendMessageResponse & ErrorBody;
    expect({ status: response.status, accepted }).toMatchObject({ status: 200 });
    const uuid = accepted.message.uuid;
    const record = await received(uuid, CUSTOMER);
    expect(record.body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: digits(CUSTOMER), biz_opaque_callback_data: uuid, ...graph });
    const final = await settled(uuid);
    expect(final.status).toBe('read');
    expect(final.providerMessageId).toBe(record.wamid);
    return uuid;
  }

  it('sends reply buttons', async () => {
    const interactive = {
      type: 'button',
      header: { type: 'text', text: 'Your appointment' },
      body: { text: 'Shall we confirm Monday 10:00?' },
      footer: { text: 'Reply by tomorrow' },
      action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }, { type: 'reply', reply: { id: 'no', title: 'No' } }] },
    };
    const uuid = await sendsExactly({ type: 'interactive', content: interactive }, { type: 'interactive', interactive });
    expect((await status(uuid)).renderedText).toBe('Shall we confirm Monday 10:00?');
  });

  it('sends a list', async () => {
    const interactive = {
      type: 'list',
      body: { text: 'Pick a day' },
      action: {
        button: 'Days',
        sections: [
          { title: 'This week', rows: [{ id: 'mon', title: 'Monday', description: 'Mornings only' }] },
          { title: 'Next week', rows: [{ id: 'tue', title: 'Tuesday' }] },
        ],
      },
    };
    await sendsExactly({ type: 'interactive', content: interactive }, { type: 'interactive', interactive });
  });

  it('sends a call-to-action URL button with a media header by url', async () => {
    const content = {
      type: 'cta_url',
      header: { type: 'image', url: 'https://example.com/dates.png' },
      body: { text: 'See the dates' },
      action: { name: 'cta_url', parameters: { display_text: 'See dates', url: 'https://example.com/dates' } },
    };
    await sendsExactly(
      { type: 'interactive', content },
      { type: 'interactive', interactive: { ...content, header: { type: 'image', image: { link: 'https://example.com/dates.png' } } } },
    );
  });

  it('sends a location', async () => {
    const location = { latitude: 52.3702, longitude: 4.8952, name: 'Herald HQ', address: 'Dam 1, Amsterdam' };
    const uuid = await sendsExactly({ type: 'location', content: location }, { type: 'location', location });
    expect((await status(uuid)).renderedText).toBe('Herald HQ, Dam 1, Amsterdam');
  });

  it('sends contact cards', async () => {
    const contacts = [{ name: { formatted_name: 'Ann Smith', first_name: 'Ann' }, phones: [{ phone: '+31612345678', type: 'CELL' }], emails: [{ email: 'ann@example.com' }] }];
    await sendsExactly({ type: 'contacts', content: { contacts } }, { type: 'contacts', contacts });
  });

  it('sends a sticker by link', async () => {
    await sendsExactly({ type: 'sticker', content: { url: 'https://example.com/hi.webp' } }, { type: 'sticker', sticker: { link: 'https://example.com/hi.webp' } });
  });

  it('sends a media and an interactive media header by WhatsApp media id', async () => {
    // The upload goes to the sandbox as the Cloud API's POST /media would take it; Herald sends by the id it answered.
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', 'image/png');
    form.set('file', new Blob([Buffer.from('89504e470d0a1a0a', 'hex')], { type: 'image/png' }), 'dot.png');
    const upload = await fetch(`${platform.sandboxUrl}/v23.0/100000000000002/media`, { method: 'POST', headers: { authorization: 'Bearer e2e' }, body: form });
    expect(upload.status).toBe(200);
    const { id } = (await upload.json()) as { id: string };
    await sendsExactly({ type: 'image', content: { id, text: 'Look' } }, { type: 'image', image: { id, caption: 'Look' } });
    const content = {
      type: 'button',
      header: { type: 'image', id },
      body: { text: 'This one?' },
      action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }] },
    };
    await sendsExactly({ type: 'interactive', content }, { type: 'interactive', interactive: { ...content, header: { type: 'image', image: { id } } } });
  });

  it("reacts to the customer's message by its Herald uuid", async () => {
    const message_uuid = await customerMessageUuid();
    await sendsExactly({ type: 'reaction', content: { message_uuid, emoji: '👍' } }, { type: 'reaction', reaction: { message_id: customerWamid, emoji: '👍' } });
  });

  it("replies to the customer's message, and to the team's own once sent", async () => {
    const customers = await customerMessageUuid();
    const first = await sendsExactly(
      { type: 'text', content: { text: 'Yes, Monday works' }, reply_to: customers },
      { type: 'text', text: { body: 'Yes, Monday works', preview_url: false }, context: { message_id: customerWamid } },
    );
    const firstWamid = (await status(first)).providerMessageId;
    await sendsExactly(
      { type: 'text', content: { text: 'As I said' }, reply_to: first },
      { type: 'text', text: { body: 'As I said', preview_url: false }, context: { message_id: firstWamid } },
    );
  });

  it('refuses a reply or a reaction to a message WhatsApp does not know, naming the field', async () => {
    const unknown = 'f'.repeat(32);
    const reply = await send({ to: CUSTOMER, from: 'whatsapp', type: 'text', content: { text: 'Hi' }, reply_to: unknown });
    expect(reply.status).toBe(422);
    expect(((await reply.json()) as ErrorBody).error).toMatchObject({ code: 'reply_to_not_found', details: [{ field: 'reply_to' }] });
    const reaction = await send({ to: CUSTOMER, from: 'whatsapp', type: 'reaction', content: { message_uuid: unknown, emoji: '👍' } });
    expect(reaction.status).toBe(422);
    expect(((await reaction.json()) as ErrorBody).error).toMatchObject({ code: 'reaction_message_not_found', details: [{ field: 'content.message_uuid' }] });
    // A message of another conversation is one WhatsApp would not let this chat quote.
    const elsewhere = await send({ to: '+15550004402', from: 'whatsapp', type: 'text', content: { text: 'Hi' }, reply_to: await customerMessageUuid() });
    expect(elsewhere.status).toBe(422);
    expect(((await elsewhere.json()) as ErrorBody).error.code).toBe('reply_to_not_found');
  });

  it('refuses a message over a WhatsApp limit at the door, naming the field', async () => {
    const response = await send({
      to: CUSTOMER,
      from: 'whatsapp',
      type: 'interactive',
      content: { type: 'button', body: { text: 'Pick' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'x'.repeat(21) } }] } },
    });
    expect(response.status).toBe(422);
    expect(((await response.json()) as ErrorBody).error.details).toEqual([{ field: 'content.action.buttons.0.reply.title', problem: expect.any(String) }]);
  });

  it('sends every generated interactive message Herald accepts, and refuses the others with the field at fault', async () => {
    const to = '+15550004402';
    const outcomes = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(interactiveArbitrary(), async ({ content }) => {
        const response = await send({ to, from: 'whatsapp', type: 'interactive', content });
        const body = (await response.json()) as SendMessageResponse & ErrorBody;
        if (response.status === 422) {
          expect(body.error.code).toBe('validation_failed');
          for (const detail of body.error.details ?? []) expect(detail.field).toMatch(/^content\./);
          expect(body.error.details?.length).toBeGreaterThan(0);
          outcomes.refused += 1;
          return;
        }
        expect(response.status).toBe(200);
        const final = await settled(body.message.uuid, ['sent', 'delivered', 'read', 'failed']);
        expect({ status: final.status, failure: final.failure }).toMatchObject({ status: expect.not.stringMatching(/^failed$/) });
        outcomes.accepted += 1;
      }),
      { numRuns: 40, seed: 4242 },
    );
    // The run went both sides of the limits.
    expect(outcomes.accepted).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 300_000);
});
