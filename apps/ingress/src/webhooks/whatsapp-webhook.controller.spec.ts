import * as crypto from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { checkContract, eventCatalogue, InboundMessageData, Topic, Topics, WEBHOOK_DEAD_LETTER_TOPIC } from '@herald/contracts';
import { EventPublisher, OutgoingEvent } from '@herald/kafka';
import { httpAdapter, parseJsonExcept } from '@herald/runtime';
import { signWebhookBody } from '@herald/whatsapp';
import type { ClassConstructor } from 'class-transformer';
import fc from 'fast-check';
import { IngressConfig } from '../config/ingress.config';
import { HttpErrorFilter } from '../http/http-error.filter';
import { WhatsAppWebhookController } from './whatsapp-webhook.controller';
import { WhatsAppWebhookService } from './whatsapp-webhook.service';

jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof crypto>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

const appSecret = 'test-app-secret-0123456789';
const verifyToken = 'test-verify-token';
const publisher = {
  publish: jest.fn<Promise<void>, [OutgoingEvent<Topic>]>(async () => undefined),
  publishRaw: jest.fn<Promise<void>, [topic: string, key: string, value: Buffer, headers: Record<string, string>]>(async () => undefined),
};

@Module({
  controllers: [WhatsAppWebhookController],
  providers: [
    WhatsAppWebhookService,
    { provide: EventPublisher, useValue: publisher },
    { provide: IngressConfig, useValue: Object.assign(new IngressConfig(), { WHATSAPP_APP_SECRET: appSecret, WHATSAPP_VERIFY_TOKEN: verifyToken }) },
    { provide: APP_FILTER, useClass: HttpErrorFilter },
  ],
})
class TestModule {}

/** A status webhook as Meta sends one, for the phone number id given. */
const statusWebhook = (phoneNumberId = '100000000000002') => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '200000000000001',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '15550000000', phone_number_id: phoneNumberId },
            statuses: [
              {
                id: 'wamid.HBgL',
                status: 'delivered',
                timestamp: '1764500000',
                recipient_id: '15550001111',
                biz_opaque_callback_data: '0123456789abcdef0123456789abcdef',
                conversation: { id: 'c1', origin: { type: 'service' } },
                pricing: { billable: true, pricing_model: 'CBP', category: 'service' },
              },
            ],
            messages: [{ from: '15550001111', id: 'wamid.IN', timestamp: '1764500001', type: 'text', text: { body: 'hi' } }],
          },
        },
      ],
    },
  ],
});

describe('WhatsAppWebhookController', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(TestModule, httpAdapter({ trustProxy: [] }), { logger: false, bodyParser: false });
    parseJsonExcept(app, new Set(['/webhooks/whatsapp']));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app?.close());

  beforeEach(() => {
    publisher.publish.mockClear();
    publisher.publishRaw.mockClear();
  });

  const post = (body: string | Buffer, signature = signWebhookBody(appSecret, body)) =>
    app.inject({ method: 'POST', url: '/webhooks/whatsapp', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, payload: body });

  const deadLetters = () => publisher.publishRaw.mock.calls.filter(([topic]) => topic === WEBHOOK_DEAD_LETTER_TOPIC);

  it("publishes a webhook's statuses and messages, with the phone number id they came to", async () => {
    const answer = await post(JSON.stringify(statusWebhook()));
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ statuses: 1, messages: 1 });
    const published = publisher.publish.mock.calls.map(([event]) => event);
    expect(published.map(({ topic }) => topic).sort()).toEqual([Topics.MessageStatus, Topics.WhatsAppInbound]);
    expect(published.find(({ topic }) => topic === Topics.MessageStatus)?.event).toMatchObject({
      data: {
      messageUuid: '0123456789abcdef0123456789abcdef',
      phoneNumberId: '100000000000002',
      status: 'delivered',
        statusAt: '2025-11-30T10:53:20.000Z',
      },
    });
    expect(deadLetters()).toEqual([]);
  });

  /** The status event published for a webhook whose one status is changed as given. */
  const statusPublishedFor = async (status: Record<string, unknown>) => {
    const body = statusWebhook();
    Object.assign(body.entry[0].changes[0].value.statuses[0], status);
    expect((await post(JSON.stringify(body))).statusCode).toBe(200);
    expect(deadLetters()).toEqual([]);
    const { event } = publisher.publish.mock.calls
      .map(([published]) => published)
      .find((published): published is OutgoingEvent<typeof Topics.MessageStatus> => published.topic === Topics.MessageStatus)!;
    expect(checkContract(eventCatalogue[Topics.MessageStatus].event, JSON.parse(JSON.stringify(event)))).toMatchObject({ ok: true });
    return event.data;
  };

  it("passes on Meta's pricing and conversation as Meta wrote them, and WhatsApp's error code with a failure", async () => {
    const sent = await statusPublishedFor({
      status: 'sent',
      pricing: { billable: true, pricing_model: 'PMP', category: 'utility', type: 'regular' },
      conversation: { id: 'c1', origin: { type: 'utility' }, expiration_timestamp: '1764586400' },
    });
    expect(sent).toMatchObject({
      pricing: { billable: true, pricing_model: 'PMP', category: 'utility', type: 'regular' },
      conversation: { id: 'c1', origin: { type: 'utility' }, expiration_timestamp: '1764586400' },
    });
    publisher.publish.mockClear();
    const failed = await statusPublishedFor({ status: 'failed', pricing: undefined, conversation: undefined, errors: [{ code: 131026, title: 'Message undeliverable' }] });
    expect(failed).toMatchObject({ failure: { code: 'recipient_undeliverable', providerCode: 131026 } });
    expect(failed).not.toHaveProperty('pricing');
    expect(failed).not.toHaveProperty('conversation');
  });

  it('keeps the status, without them, when Meta sends pricing or conversation Herald cannot read; and leaves out fields it does not know', async () => {
    const unreadable = await statusPublishedFor({ pricing: { billable: 'yes' }, conversation: 'c1' });
    expect(unreadable).toMatchObject({ status: 'delivered', providerMessageId: 'wamid.HBgL' });
    expect(unreadable).not.toHaveProperty('pricing');
    expect(unreadable).not.toHaveProperty('conversation');
    publisher.publish.mockClear();
    const extended = await statusPublishedFor({
      pricing: { billable: false, category: 'service', currency: 'EUR' },
      conversation: { id: 'c1', origin: { type: 'service', entry_point: 'ad' }, sponsor: 'x' },
    });
    expect(extended.pricing).toEqual({ billable: false, category: 'service' });
    expect(extended.conversation).toEqual({ id: 'c1', origin: { type: 'service' } });
  });

  /** The inbound event published for a webhook whose one message is the one given (from, id and timestamp added). */
  const inboundPublishedFor = async (message: Record<string, unknown>) => {
    const body = statusWebhook();
    const value = body.entry[0].changes[0].value as Record<string, unknown>;
    value.statuses = [];
    value.messages = [{ from: '15550001111', id: 'wamid.IN', timestamp: '1764500001', ...message }];
    expect((await post(JSON.stringify(body))).json()).toEqual({ statuses: 0, messages: 1 });
    expect(deadLetters()).toEqual([]);
    const published = publisher.publish.mock.calls.map(([event]) => event);
    expect(published.map(({ topic }) => topic)).toEqual([Topics.WhatsAppInbound]);
    const { event } = published[0] as OutgoingEvent<typeof Topics.WhatsAppInbound>;
    expect(checkContract(eventCatalogue[Topics.WhatsAppInbound].event, JSON.parse(JSON.stringify(event)))).toMatchObject({ ok: true });
    publisher.publish.mockClear();
    return event.data;
  };

  const detailsOf = (data: InboundMessageData) => {
    const { phoneNumberId: _number, from: _from, providerMessageId: _id, sentAt: _at, ...details } = data;
    return details;
  };

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['a text', { type: 'text', text: { body: 'hi' } }, { type: 'text', text: 'hi' }],
    [
      'an image with its caption',
      { type: 'image', image: { caption: 'my order', mime_type: 'image/jpeg', sha256: 'c2hh', id: '1479537139650973' } },
      { type: 'image', media: { id: '1479537139650973', mimeType: 'image/jpeg', sha256: 'c2hh', caption: 'my order' } },
    ],
    [
      'a document with its file name',
      { type: 'document', document: { filename: 'invoice.pdf', mime_type: 'application/pdf', sha256: 'c2hh', id: '2' } },
      { type: 'document', media: { id: '2', mimeType: 'application/pdf', sha256: 'c2hh', filename: 'invoice.pdf' } },
    ],
    ['a voice note', { type: 'audio', audio: { mime_type: 'audio/ogg; codecs=opus', sha256: 'c2hh', id: '3', voice: true } }, { type: 'audio', media: { id: '3', mimeType: 'audio/ogg; codecs=opus', sha256: 'c2hh', voice: true } }],
    ['a sticker', { type: 'sticker', sticker: { mime_type: 'image/webp', sha256: 'c2hh', id: '4', animated: false } }, { type: 'sticker', media: { id: '4', mimeType: 'image/webp', sha256: 'c2hh', animated: false } }],
    ['an animated sticker', { type: 'sticker', sticker: { mime_type: 'image/webp', sha256: 'c2hh', id: '5', animated: true } }, { type: 'sticker', media: { id: '5', mimeType: 'image/webp', sha256: 'c2hh', animated: true } }],
    [
      'a shared contact card, in camelCase',
      {
        type: 'contacts',
        contacts: [
          {
            name: { first_name: 'Lucía', last_name: 'Gómez', formatted_name: 'Lucía Gómez' },
            org: { company: 'Google', title: 'Engineer' },
            phones: [{ phone: '+1 (983) 555-2319', wa_id: '19835552319', type: 'MOBILE' }],
            emails: [{ email: 'lucia@example.com', type: 'WORK' }],
            addresses: [{ street: '1 Hacker Way', city: 'Menlo Park', country_code: 'US', zip: '94025', type: 'WORK' }],
            urls: [{ url: 'https://example.com', type: 'WORK' }],
            birthday: '1999-01-23',
          },
          { name: { formatted_name: 'Sam' }, phones: [{ phone: '+15550002222' }] },
        ],
      },
      {
        type: 'contacts',
        contacts: [
          {
            name: { firstName: 'Lucía', lastName: 'Gómez', formattedName: 'Lucía Gómez' },
            org: { company: 'Google', title: 'Engineer' },
            phones: [{ phone: '+1 (983) 555-2319', waId: '19835552319', type: 'MOBILE' }],
            emails: [{ email: 'lucia@example.com', type: 'WORK' }],
            addresses: [{ street: '1 Hacker Way', city: 'Menlo Park', countryCode: 'US', zip: '94025', type: 'WORK' }],
            urls: [{ url: 'https://example.com', type: 'WORK' }],
            birthday: '1999-01-23',
          },
          { name: { formattedName: 'Sam' }, phones: [{ phone: '+15550002222' }] },
        ],
      },
    ],
    [
      'the click-to-WhatsApp ad the customer came from',
      {
        type: 'text',
        text: { body: 'Is it in stock?' },
        referral: {
          source_url: 'https://fb.me/3cr4Wqqkv',
          source_id: '120226305854810726',
          source_type: 'ad',
          body: 'Summer Succulents are here!',
          headline: 'Chat with us',
          media_type: 'video',
          video_url: 'https://example.com/video.mp4',
          thumbnail_url: 'https://example.com/thumbnail.jpg',
          ctwa_clid: 'Aff-n8ZTODiE79d22KtAwQKj9e',
          welcome_message: { text: 'Hi there!' },
        },
      },
      {
        type: 'text',
        text: 'Is it in stock?',
        referral: {
          sourceUrl: 'https://fb.me/3cr4Wqqkv',
          sourceId: '120226305854810726',
          sourceType: 'ad',
          body: 'Summer Succulents are here!',
          headline: 'Chat with us',
          mediaType: 'video',
          videoUrl: 'https://example.com/video.mp4',
          thumbnailUrl: 'https://example.com/thumbnail.jpg',
          ctwaClid: 'Aff-n8ZTODiE79d22KtAwQKj9e',
        },
      },
    ],
    [
      'a location',
      { type: 'location', location: { latitude: 48.8584, longitude: 2.2945, name: 'Tour Eiffel', address: 'Champ de Mars, Paris' } },
      { type: 'location', location: { latitude: 48.8584, longitude: 2.2945, name: 'Tour Eiffel', address: 'Champ de Mars, Paris' } },
    ],
    [
      "a template's quick reply, its text as the message's",
      { type: 'button', button: { payload: 'unsubscribe', text: 'STOP' }, context: { from: '15550000000', id: 'wamid.OUT' } },
      { type: 'button', text: 'STOP', reply: { kind: 'button', id: 'unsubscribe', title: 'STOP' }, context: { providerMessageId: 'wamid.OUT' } },
    ],
    [
      'a reply button',
      { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } } },
      { type: 'interactive', text: 'Yes', reply: { kind: 'button_reply', id: 'yes', title: 'Yes' } },
    ],
    [
      'a list row',
      { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'r1', title: 'Tuesday', description: '9 to 12' } } },
      { type: 'interactive', text: 'Tuesday', reply: { kind: 'list_reply', id: 'r1', title: 'Tuesday', description: '9 to 12' } },
    ],
    ['a reaction', { type: 'reaction', reaction: { message_id: 'wamid.OUT', emoji: '👍' } }, { type: 'reaction', reaction: { providerMessageId: 'wamid.OUT', emoji: '👍' } }],
    ['a reaction taken back', { type: 'reaction', reaction: { message_id: 'wamid.OUT' } }, { type: 'reaction', reaction: { providerMessageId: 'wamid.OUT' } }],
  ])("passes on %s, in the event's terms", async (_case, message, expected) => {
    expect(detailsOf(await inboundPublishedFor(message))).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['an image without its id', { type: 'image', image: { caption: 'x', mime_type: 'image/jpeg' } }, { type: 'image' }],
    ['a caption that is not text', { type: 'image', image: { caption: 7, id: '1' } }, { type: 'image', media: { id: '1' } }],
    ['a sticker whose animated flag is not a boolean', { type: 'sticker', sticker: { id: '4', animated: 'yes' } }, { type: 'sticker', media: { id: '4' } }],
    ['contacts that are not a list', { type: 'contacts', contacts: { name: { formatted_name: 'Sam' } } }, { type: 'contacts' }],
    ['contact cards with nothing readable', { type: 'contacts', contacts: [{}, 'Sam', { name: 'Sam', phones: 'x' }] }, { type: 'contacts' }],
    [
      "a card's phone, email or birthday Herald cannot read",
      { type: 'contacts', contacts: [{ name: { formatted_name: 'Sam' }, phones: [{ phone: 5 }, { phone: '+15550002222' }], emails: [{ email: ['x'] }], birthday: 19990123 }] },
      { type: 'contacts', contacts: [{ name: { formattedName: 'Sam' }, phones: [{ phone: '+15550002222' }] }] },
    ],
    ['a referral that is not an object', { type: 'text', text: { body: 'hi' }, referral: 'ad' }, { type: 'text', text: 'hi' }],
    [
      "a referral's headline Herald cannot read",
      { type: 'text', text: { body: 'hi' }, referral: { source_id: '12', source_type: 'ad', headline: { text: 'x' }, ctwa_clid: 'c' } },
      { type: 'text', text: 'hi', referral: { sourceId: '12', sourceType: 'ad', ctwaClid: 'c' } },
    ],
    ['a contacts detail under another type', { type: 'text', text: { body: 'hi' }, contacts: [{ name: { formatted_name: 'Sam' } }] }, { type: 'text', text: 'hi' }],
    ['an image that is not an object', { type: 'image', image: 'x' }, { type: 'image' }],
    ['a latitude off the globe', { type: 'location', location: { latitude: 91, longitude: 0 } }, { type: 'location' }],
    ['a longitude in words', { type: 'location', location: { latitude: 0, longitude: 'east' } }, { type: 'location' }],
    ['an interactive reply of a kind Herald does not know', { type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { response_json: '{}' } } }, { type: 'interactive' }],
    ['a reply button without its object', { type: 'interactive', interactive: { type: 'button_reply' } }, { type: 'interactive' }],
    ['a quick reply whose text is a number', { type: 'button', button: { payload: 'p', text: 5 } }, { type: 'button' }],
    ['a context without an id', { type: 'text', text: { body: 'hi' }, context: { from: '15550000000' } }, { type: 'text', text: 'hi' }],
    ['a reaction to no message', { type: 'reaction', reaction: { emoji: '👍' } }, { type: 'reaction' }],
    ['a detail under another type', { type: 'text', text: { body: 'hi' }, image: { id: '1' }, location: { latitude: 1, longitude: 1 } }, { type: 'text', text: 'hi' }],
    ['a type Herald does not know', { type: 'order', order: { catalog_id: '1' } }, { type: 'order' }],
  ])('keeps the message, without the detail, for %s', async (_case, message, expected) => {
    expect(detailsOf(await inboundPublishedFor(message))).toEqual(expected);
  });

  /** The profile name published for a message from 15550001111 whose webhook names these contacts. */
  const profileNameFor = async (contacts: unknown) => {
    const body = statusWebhook();
    const value = body.entry[0].changes[0].value as Record<string, unknown>;
    value.statuses = [];
    value.contacts = contacts;
    expect((await post(JSON.stringify(body))).json()).toEqual({ statuses: 0, messages: 1 });
    const { event } = publisher.publish.mock.calls[0][0] as OutgoingEvent<typeof Topics.WhatsAppInbound>;
    expect(checkContract(eventCatalogue[Topics.WhatsAppInbound].event, JSON.parse(JSON.stringify(event)))).toMatchObject({ ok: true });
    publisher.publish.mockClear();
    return event.data.profileName;
  };

  it("passes on the sender's profile name, from the webhook's contacts entry for their wa_id", async () => {
    expect(await profileNameFor([{ profile: { name: 'Sheena Nelson' }, wa_id: '15550001111' }])).toBe('Sheena Nelson');
    expect(
      await profileNameFor([
        { profile: { name: 'Someone else' }, wa_id: '15550009999' },
        { profile: { name: 'Sheena Nelson' }, wa_id: '15550001111' },
      ]),
    ).toBe('Sheena Nelson');
    expect(await profileNameFor([{ profile: { name: 'Sheena Nelson' } }])).toBe('Sheena Nelson');
  });

  it.each<[string, unknown]>([
    ['no contacts', undefined],
    ['contacts that are not a list', { profile: { name: 'Sheena' }, wa_id: '15550001111' }],
    ["another customer's profile only", [{ profile: { name: 'Someone else' }, wa_id: '15550009999' }]],
    ['a name that is not text', [{ profile: { name: 42 }, wa_id: '15550001111' }]],
    ['an empty name', [{ profile: { name: '' }, wa_id: '15550001111' }]],
    ['a profile that is not an object', [{ profile: 'Sheena', wa_id: '15550001111' }]],
  ])('keeps the message, without a profile name, for %s', async (_case, contacts) => {
    expect(await profileNameFor(contacts)).toBeUndefined();
  });

  it('refuses a body without a valid signature, and keeps nothing of it', async () => {
    expect((await post(JSON.stringify(statusWebhook()), signWebhookBody('another-secret', 'x'))).statusCode).toBe(401);
    expect(publisher.publish).not.toHaveBeenCalled();
    expect(publisher.publishRaw).not.toHaveBeenCalled();
  });

  it.each([
    ['not JSON', '{"object":', 'the body is not valid JSON'],
    ['entry not a list', JSON.stringify({ object: 'whatsapp_business_account', entry: 'x' }), 'entry'],
    ['a timestamp no date can hold', JSON.stringify(statusWebhook()).replace('"1764500000"', '"1e300"'), 'timestamp'],
    ['a status without its phone number id', JSON.stringify(statusWebhook()).replace(',"phone_number_id":"100000000000002"', ''), 'phone_number_id'],
    ['another object', JSON.stringify({ ...statusWebhook(), object: 'page' }), 'object'],
    ['nesting thousands deep', `{"object":"whatsapp_business_account","entry":[${'['.repeat(5_000)}${']'.repeat(5_000)}]}`, 'levels deep'],
  ])('answers a signed body Herald cannot read (%s) 200, and dead-letters it as it came with the reason', async (_case, body, reason) => {
    const answer = await post(body);
    expect(answer.statusCode).toBe(200);
    expect(publisher.publish).not.toHaveBeenCalled();
    const [[, key, value, headers]] = deadLetters();
    expect(key).toEqual(expect.any(String));
    expect(Buffer.from(value).toString('utf8')).toBe(body);
    expect(headers['x-dead-letter-reason']).toContain(reason);
  });

  it('answers 503 when the dead letter cannot be kept, so Meta delivers it again', async () => {
    publisher.publishRaw.mockRejectedValueOnce(Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError' }));
    const answer = await post('not json');
    expect(answer.statusCode).toBe(503);
    expect(answer.headers['retry-after']).toBeDefined();
  });

  it('never answers a signed body with a 5xx, whatever its shape', async () => {
    const paths: Array<Array<string | number>> = [
      [],
      ['object'],
      ['entry'],
      ['entry', 0],
      ['entry', 0, 'changes'],
      ['entry', 0, 'changes', 0],
      ['entry', 0, 'changes', 0, 'field'],
      ['entry', 0, 'changes', 0, 'value'],
      ['entry', 0, 'changes', 0, 'value', 'metadata'],
      ['entry', 0, 'changes', 0, 'value', 'metadata', 'phone_number_id'],
      ['entry', 0, 'changes', 0, 'value', 'statuses'],
      ['entry', 0, 'changes', 0, 'value', 'statuses', 0],
      ['entry', 0, 'changes', 0, 'value', 'statuses', 0, 'id'],
      ['entry', 0, 'changes', 0, 'value', 'statuses', 0, 'status'],
      ['entry', 0, 'changes', 0, 'value', 'statuses', 0, 'timestamp'],
      ['entry', 0, 'changes', 0, 'value', 'statuses', 0, 'recipient_id'],
      ['entry', 0, 'changes', 0, 'value', 'statuses', 0, 'biz_opaque_callback_data'],
      ['entry', 0, 'changes', 0, 'value', 'statuses', 0, 'errors'],
      ['entry', 0, 'changes', 0, 'value', 'statuses', 0, 'pricing'],
      ['entry', 0, 'changes', 0, 'value', 'statuses', 0, 'pricing', 'billable'],
      ['entry', 0, 'changes', 0, 'value', 'statuses', 0, 'conversation'],
      ['entry', 0, 'changes', 0, 'value', 'statuses', 0, 'conversation', 'origin'],
      ['entry', 0, 'changes', 0, 'value', 'messages', 0],
      ['entry', 0, 'changes', 0, 'value', 'messages', 0, 'from'],
      ['entry', 0, 'changes', 0, 'value', 'messages', 0, 'timestamp'],
      ['entry', 0, 'changes', 0, 'value', 'messages', 0, 'text'],
      ['entry', 0, 'changes', 0, 'value', 'messages', 0, 'type'],
      ['entry', 0, 'changes', 0, 'value', 'messages', 0, 'context'],
      ['entry', 0, 'changes', 0, 'value', 'messages', 0, 'image'],
      ['entry', 0, 'changes', 0, 'value', 'messages', 0, 'location'],
      ['entry', 0, 'changes', 0, 'value', 'messages', 0, 'button'],
      ['entry', 0, 'changes', 0, 'value', 'messages', 0, 'interactive'],
      ['entry', 0, 'changes', 0, 'value', 'messages', 0, 'reaction'],
    ];
    /** The status webhook with the value at `path` replaced (or, for undefined, removed). */
    const mutated = (path: Array<string | number>, value: unknown): string => {
      if (path.length === 0) return JSON.stringify(value ?? null);
      const body = statusWebhook() as unknown as Record<string | number, unknown>;
      let parent = body;
      for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
      parent[path[path.length - 1]] = value;
      return JSON.stringify(body);
    };
    const bodies = fc.oneof(
      fc.tuple(fc.constantFrom(...paths), fc.oneof(fc.jsonValue(), fc.constant(undefined))).map(([path, value]) => mutated(path, value)),
      fc.string(),
      fc.json(),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        publisher.publishRaw.mockClear();
        publisher.publish.mockClear();
        const answer = await post(body);
        expect(answer.statusCode).toBe(200);
        // Either read (its events published, or none to publish) or kept with its reason, never both.
        const kept = deadLetters();
        expect(kept.length === 0 || (kept.length === 1 && publisher.publish.mock.calls.length === 0)).toBe(true);
        // What is published, its consumers take: a webhook's oddities never make a poison event.
        for (const [{ topic, event }] of publisher.publish.mock.calls) {
          const contract: ClassConstructor<object> = eventCatalogue[topic].event;
          expect(checkContract(contract, JSON.parse(JSON.stringify(event)))).toMatchObject({ ok: true });
        }
      }),
      {
        numRuns: 300,
        // Lists holding a list where an object belongs: found by this property once, kept as fixed cases.
        examples: [
          [JSON.stringify({ object: 'whatsapp_business_account', entry: [[]] })],
          [mutated(['entry', 0, 'changes', 0], [])],
          [mutated(['entry', 0, 'changes', 0, 'value', 'statuses', 0], [[]])],
          [mutated(['entry', 0, 'changes', 0, 'value', 'statuses', 0, 'errors'], [[]])],
        ],
      },
    );
  });

  describe('the subscription check', () => {
    const verify = (token: string) =>
      app.inject({ method: 'GET', url: `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=42` });

    it('echoes the challenge for the verify token only, compared in constant time', async () => {
      const compared = jest.mocked(crypto.timingSafeEqual);
      compared.mockClear();
      const answer = await verify(verifyToken);
      expect([answer.statusCode, answer.body]).toEqual([200, '42']);
      expect(compared).toHaveBeenCalled();
      for (const wrong of ['test-verify-tokeN', 'test', `${verifyToken}x`, '']) expect((await verify(wrong)).statusCode).toBe(403);
    });
  });
});
