import fc from 'fast-check';
import { GraphApiError } from '../graph/graph-api.error';
import { validateGraphInput } from '../graph/validate-graph-input';
import { isCommonValidSend, parseSendMessageRequest, SendMessageRequestDto } from './send-message.dto';

const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '15550001111' };

/** The `details` of the (#100) answer a body gets, or 'valid'. */
function detailsOf(body: unknown): string {
  try {
    parseSendMessageRequest(body);
    return 'valid';
  } catch (error) {
    if (!(error instanceof GraphApiError)) throw error;
    expect(error.httpStatus).toBe(400);
    expect(error.code).toBe(100);
    expect(error.message).toBe('(#100) Invalid parameter');
    return error.details ?? '';
  }
}

describe('parseSendMessageRequest', () => {
  describe('envelope', () => {
    it('accepts a minimal text send, and one without type (Meta takes it as text)', () => {
      expect(detailsOf({ ...base, type: 'text', text: { body: 'Hello' } })).toBe('valid');
      expect(detailsOf({ messaging_product: 'whatsapp', to: '15550001111', text: { body: 'Hello' } })).toBe(
        'valid',
      );
    });

    it('returns the typed request', () => {
      const request = parseSendMessageRequest({
        ...base,
        type: 'text',
        text: { body: 'Hi' },
        biz_opaque_callback_data: 'm-1',
      });
      expect(request.text?.body).toBe('Hi');
      expect(request.biz_opaque_callback_data).toBe('m-1');
    });

    it('refuses a body that is not a JSON object', () => {
      expect(detailsOf([base])).toBe('The request body must be a JSON object');
      expect(detailsOf('hello')).toBe('The request body must be a JSON object');
      expect(detailsOf(undefined)).toBe('The request body must be a JSON object');
    });

    it('requires messaging_product "whatsapp"', () => {
      expect(detailsOf({ ...base, messaging_product: 'sms', type: 'text', text: { body: 'x' } })).toBe(
        'messaging_product must be "whatsapp"',
      );
      const { messaging_product: _omitted, ...withoutProduct } = base;
      expect(detailsOf({ ...withoutProduct, type: 'text', text: { body: 'x' } })).toBe(
        'messaging_product must be "whatsapp"',
      );
    });

    it('allows only recipient_type "individual"', () => {
      expect(detailsOf({ ...base, recipient_type: 'group', type: 'text', text: { body: 'x' } })).toBe(
        'recipient_type must be "individual"',
      );
    });

    it('takes `to` as digits, with or without + and separators, and refuses anything else', () => {
      expect(detailsOf({ ...base, to: '+1 (555) 000-1111', type: 'text', text: { body: 'x' } })).toBe(
        'valid',
      );
      expect(detailsOf({ ...base, to: 'alice', type: 'text', text: { body: 'x' } })).toMatch(
        /^to must be a phone number/,
      );
      expect(detailsOf({ ...base, to: '12345', type: 'text', text: { body: 'x' } })).toMatch(
        /^to must be a phone number of 7 to 15 digits/,
      );
      expect(detailsOf({ ...base, to: 15550001111, type: 'text', text: { body: 'x' } })).toBe(
        'to must be a string',
      );
    });

    it('refuses kinds the sandbox does not emulate, naming the ones it does', () => {
      expect(detailsOf({ ...base, type: 'order', order: { catalog_id: '1' } })).toBe(
        'type must be one of text, image, document, audio, video, sticker, location, contacts, interactive, reaction, template (the kinds the sandbox emulates)',
      );
    });

    it('requires the object named by type', () => {
      expect(detailsOf({ ...base, type: 'image', text: { body: 'x' } })).toBe(
        'image must be an object (required when type is image)',
      );
      expect(detailsOf({ ...base, type: 'text', text: 'Hello' })).toBe(
        'text must be an object (required when type is text)',
      );
    });

    it('limits biz_opaque_callback_data to 512 characters', () => {
      expect(
        detailsOf({ ...base, type: 'text', text: { body: 'x' }, biz_opaque_callback_data: 'a'.repeat(513) }),
      ).toBe('biz_opaque_callback_data must be at most 512 characters');
    });

    it('names every problem at once', () => {
      expect(detailsOf({ messaging_product: 'sms', to: 'x', type: 'text', text: { body: '' } })).toBe(
        'messaging_product must be "whatsapp"; to must be a phone number: digits, optionally with a leading +; text.body must not be empty',
      );
    });
  });

  describe('text', () => {
    it('accepts a body of 1 to 4096 characters and a boolean preview_url', () => {
      expect(detailsOf({ ...base, type: 'text', text: { body: 'x'.repeat(4096), preview_url: true } })).toBe(
        'valid',
      );
    });

    it('refuses an empty, too long or missing body, and a non-boolean preview_url', () => {
      expect(detailsOf({ ...base, type: 'text', text: { body: '' } })).toBe('text.body must not be empty');
      expect(detailsOf({ ...base, type: 'text', text: { body: 'x'.repeat(4097) } })).toBe(
        'text.body must be at most 4096 characters',
      );
      expect(detailsOf({ ...base, type: 'text', text: {} })).toBe('text.body must be a string');
      expect(detailsOf({ ...base, type: 'text', text: { body: 'x', preview_url: 'yes' } })).toBe(
        'text.preview_url must be true or false',
      );
    });
  });

  describe.each(['image', 'video'])('%s', (kind) => {
    it('accepts a link or an id, with a caption up to 1024 characters', () => {
      expect(
        detailsOf({
          ...base,
          type: kind,
          [kind]: { link: 'https://cdn.example.com/a', caption: 'c'.repeat(1024) },
        }),
      ).toBe('valid');
      expect(detailsOf({ ...base, type: kind, [kind]: { link: 'http://127.0.0.1:8080/a' } })).toBe('valid');
      expect(detailsOf({ ...base, type: kind, [kind]: { id: '1234567890' } })).toBe('valid');
    });

    it('refuses neither link nor id, a non-http link, and a long caption', () => {
      expect(detailsOf({ ...base, type: kind, [kind]: { caption: 'x' } })).toBe(
        `${kind}.link or id is required`,
      );
      expect(detailsOf({ ...base, type: kind, [kind]: { link: 'ftp://example.com/a' } })).toBe(
        `${kind}.link must be an http or https URL`,
      );
      expect(
        detailsOf({
          ...base,
          type: kind,
          [kind]: { link: 'https://example.com/a', caption: 'c'.repeat(1025) },
        }),
      ).toBe(`${kind}.caption must be at most 1024 characters`);
      expect(detailsOf({ ...base, type: kind, [kind]: { id: '' } })).toBe(`${kind}.id must not be empty`);
    });
  });

  describe('document', () => {
    it('accepts a link with caption and filename', () => {
      expect(
        detailsOf({
          ...base,
          type: 'document',
          document: { link: 'https://example.com/i.pdf', caption: 'Invoice', filename: 'invoice.pdf' },
        }),
      ).toBe('valid');
    });

    it('refuses a missing media reference and a non-string filename', () => {
      expect(detailsOf({ ...base, type: 'document', document: { filename: 'invoice.pdf' } })).toBe(
        'document.link or id is required',
      );
      expect(detailsOf({ ...base, type: 'document', document: { id: '1', filename: 42 } })).toBe(
        'document.filename must be a string',
      );
    });
  });

  describe('audio', () => {
    it('accepts a link or an id', () => {
      expect(detailsOf({ ...base, type: 'audio', audio: { link: 'https://example.com/a.ogg' } })).toBe(
        'valid',
      );
      expect(detailsOf({ ...base, type: 'audio', audio: { id: '998877' } })).toBe('valid');
    });

    it('refuses a caption, which audio does not have', () => {
      expect(detailsOf({ ...base, type: 'audio', audio: { id: '1', caption: 'x' } })).toBe(
        'audio.caption is not allowed: audio messages have no caption',
      );
    });
  });

  describe('template', () => {
    const template = (fields: object) => ({ ...base, type: 'template', template: fields });

    it('accepts name and language, with header, body and button parameters', () => {
      expect(detailsOf(template({ name: 'hello_world', language: { code: 'en_US' } }))).toBe('valid');
      expect(
        detailsOf(
          template({
            name: 'order_shipped',
            language: { code: 'es', policy: 'deterministic' },
            components: [
              {
                type: 'header',
                parameters: [{ type: 'image', image: { link: 'https://example.com/a.jpg' } }],
              },
              {
                type: 'body',
                parameters: [
                  { type: 'text', text: 'John Doe' },
                  { type: 'text', text: '#123' },
                ],
              },
              { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '123' }] },
            ],
          }),
        ),
      ).toBe('valid');
    });

    it('requires a name and a language code', () => {
      expect(detailsOf(template({ language: { code: 'en_US' } }))).toBe('template.name must be a string');
      expect(detailsOf(template({ name: 'hello_world' }))).toBe(
        'template.language is required, such as {"code":"en_US"}',
      );
      expect(detailsOf(template({ name: 'hello_world', language: {} }))).toBe(
        'template.language.code must be a string',
      );
      expect(detailsOf(template({ name: 'hello_world', language: { code: 'English' } }))).toBe(
        'template.language.code must be a language code such as en_US or es',
      );
    });

    it('checks components and their parameters', () => {
      expect(
        detailsOf(template({ name: 'x', language: { code: 'en' }, components: [{ type: 'footer' }] })),
      ).toBe('template.components.0.type must be one of header, body, button, carousel');
      expect(
        detailsOf(
          template({
            name: 'x',
            language: { code: 'en' },
            components: [{ type: 'body', parameters: [{ type: 'text' }] }],
          }),
        ),
      ).toBe('template.components.0.parameters.0.text must be a string');
      expect(
        detailsOf(
          template({
            name: 'x',
            language: { code: 'en' },
            components: [{ type: 'header', parameters: [{ type: 'image', image: {} }] }],
          }),
        ),
      ).toBe('template.components.0.parameters.0.image.link or id is required');
      expect(
        detailsOf(
          template({
            name: 'x',
            language: { code: 'en' },
            components: [{ type: 'button', sub_type: 'url' }],
          }),
        ),
      ).toBe('template.components.0.index must be the button position, 0 to 9, for a button');
    });

    it('refuses parameter text with a newline, a tab or more than four spaces in a row', () => {
      for (const text of ['two\nlines', 'a\tb', 'wide     gap']) {
        expect(
          detailsOf(
            template({
              name: 'x',
              language: { code: 'en' },
              components: [{ type: 'body', parameters: [{ type: 'text', text }] }],
            }),
          ),
        ).toBe(
          'template.components.0.parameters.0.text cannot have new-line/tab characters or more than 4 consecutive spaces',
        );
      }
      expect(
        detailsOf(
          template({
            name: 'x',
            language: { code: 'en' },
            components: [{ type: 'body', parameters: [{ type: 'text', text: 'four    ok' }] }],
          }),
        ),
      ).toBe('valid');
    });
  });
});

describe('isCommonValidSend', () => {
  /** What the DTO classes say of a body, skipping the recognition of common sends. */
  const classesAccept = (body: unknown) => {
    try {
      validateGraphInput(SendMessageRequestDto, body, 'request body');
      return true;
    } catch (error) {
      if (error instanceof GraphApiError) return false;
      throw error;
    }
  };

  it('recognises the sends Herald makes, and parseSendMessageRequest takes them as they are', () => {
    const sends = [
      { ...base, type: 'text', text: { body: 'Hello', preview_url: false }, biz_opaque_callback_data: 'm-1' },
      { messaging_product: 'whatsapp', to: '+1 (555) 000-1111', text: { body: '❤️ '.repeat(1365) } },
      {
        ...base,
        type: 'template',
        biz_opaque_callback_data: '0b8e6a0c5a554f0e9d8e5a1c2b3d4e5f',
        template: {
          name: 'order_shipped',
          language: { code: 'en_US', policy: 'deterministic' },
          components: [
            { type: 'header', parameters: [{ type: 'text', text: 'Order' }] },
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Ana' },
                { type: 'text', text: '#123' },
              ],
            },
            { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '123' }] },
            {
              type: 'button',
              sub_type: 'quick_reply',
              index: 1,
              parameters: [{ type: 'payload', payload: 'stop' }],
            },
          ],
        },
      },
      { ...base, type: 'template', template: { name: 'hello_world', language: { code: 'es' } } },
    ];
    for (const send of sends) {
      expect(isCommonValidSend(send)).toBe(true);
      expect(classesAccept(send)).toBe(true);
      expect(parseSendMessageRequest(send)).toBe(send);
    }
  });

  it('leaves media, nulls for absent fields and lengths near a limit to the classes', () => {
    const media = { ...base, type: 'image', image: { link: 'https://example.com/a.jpg' } };
    const nullType = { ...base, type: null, text: { body: 'x' } };
    const astral = { ...base, type: 'text', text: { body: '😀'.repeat(2049) } };
    for (const send of [media, nullType, astral]) {
      expect(isCommonValidSend(send)).toBe(false);
      expect(classesAccept(send)).toBe(true);
    }
  });

  it('never recognises a body the classes refuse', () => {
    const edgeStrings = fc.constantFrom(
      '',
      ' ',
      'two\nlines',
      'a\tb',
      'wide     gap',
      'four    ok',
      '\uFE0F',
      '😀',
      '\uD83D',
      '❤️',
    );
    const longStrings = fc
      .constantFrom(239, 240, 241, 511, 512, 513, 4095, 4096, 4097)
      .chain((length) =>
        fc.constantFrom('a'.repeat(length), '😀'.repeat(length / 2), 'é\uFE0F'.repeat(length / 2)),
      );
    const someString = fc.oneof(
      { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
      { weight: 3, arbitrary: edgeStrings },
      { weight: 1, arbitrary: longStrings },
    );
    const scalar = fc.oneof(
      someString,
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
    );
    const anyValue = fc.oneof(
      scalar,
      fc.array(scalar, { maxLength: 2 }),
      fc.dictionary(fc.string({ maxLength: 4 }), scalar, { maxKeys: 2 }),
    );
    /** Mostly a plausible value, sometimes anything at all. */
    const field = <T>(plausible: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 19, arbitrary: plausible }, { weight: 1, arbitrary: anyValue });
    /** Mostly one of the valid values, sometimes one of the invalid ones. */
    const mostly = (valid: unknown[], invalid: unknown[]) =>
      fc.oneof(
        { weight: 9, arbitrary: fc.constantFrom(...valid) },
        { weight: 1, arbitrary: fc.constantFrom(...invalid) },
      );

    const parameter = fc.record(
      {
        type: field(mostly(['text', 'payload', 'coupon_code'], ['image', 'currency', 'TEXT'])),
        text: field(someString),
        payload: field(someString),
        coupon_code: field(someString),
        image: field(fc.record({ link: field(someString) })),
      },
      { requiredKeys: ['type'] },
    );
    const component = fc.record(
      {
        type: field(mostly(['header', 'body', 'button'], ['footer', 'BODY'])),
        sub_type: field(mostly(['url', 'quick_reply', 'copy_code'], ['link', ''])),
        index: field(mostly(['0', '9', 0, 9], ['10', 10, -1, '', ' 1', 1.5])),
        parameters: field(fc.array(field(parameter), { maxLength: 3 })),
      },
      { requiredKeys: ['type'] },
    );
    const template = fc.record(
      {
        name: field(someString),
        language: field(
          fc.record(
            {
              code: field(
                mostly(['en_US', 'es', 'pt_BR', 'zh_Hant'], ['English', 'en-US', 'EN', 'en_USAXX']),
              ),
              policy: field(mostly(['deterministic'], ['fallback'])),
            },
            { requiredKeys: ['code'] },
          ),
        ),
        components: field(fc.array(field(component), { maxLength: 3 })),
      },
      { requiredKeys: ['name', 'language'] },
    );
    const text = fc.record(
      { body: field(someString), preview_url: field(fc.boolean()) },
      { requiredKeys: ['body'] },
    );
    const body = fc.record(
      {
        messaging_product: field(mostly(['whatsapp'], ['sms', 'WhatsApp'])),
        recipient_type: field(mostly(['individual'], ['group'])),
        to: field(
          mostly(
            ['15550001111', '+1 (555) 000-1111', '1555000'],
            ['12345', 'alice', '1234567890123456', '+'],
          ),
        ),
        type: field(mostly(['text', 'template'], ['image', 'location'])),
        biz_opaque_callback_data: field(someString),
        context: fc.oneof(
          { weight: 9, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: anyValue },
        ),
        text: field(text),
        template: field(template),
        extra: anyValue,
      },
      { requiredKeys: ['messaging_product', 'to', 'text', 'template'] },
    );

    fc.assert(
      fc.property(body, (send) => !isCommonValidSend(send) || classesAccept(send)),
      { numRuns: 2_000 },
    );
    // Not vacuous: a fair share of what is generated is recognised, templates too.
    const recognised = fc.sample(body, 1_000).filter((send) => isCommonValidSend(send));
    expect(recognised.length).toBeGreaterThan(100);
    expect(recognised.filter((send) => send.type === 'template').length).toBeGreaterThan(10);
  });
});
