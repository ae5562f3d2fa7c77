import { GraphApiError } from '../graph/graph-api.error';
import { INTERACTIVE_LIMITS } from './interactive-message.dto';
import { parseSendMessageRequest } from './send-message.dto';

/**
 * The kinds beyond text, media and templates. Accepted shapes are Meta's OpenAPI examples (business-messaging-api
 * v23.0) where it has them, its docs' otherwise; each limit is tried at its edge and one over.
 */
const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '15550001111' };

function detailsOf(body: unknown): string {
  try {
    parseSendMessageRequest(body);
    return 'valid';
  } catch (error) {
    if (!(error instanceof GraphApiError)) throw error;
    expect([error.httpStatus, error.code]).toEqual([400, 100]);
    return error.details ?? '';
  }
}

const chars = (count: number) => 'x'.repeat(count);
const interactive = (fields: object) => ({ ...base, type: 'interactive', interactive: fields });
const replyButtons = (count: number, title = (index: number) => `Option ${index}`) =>
  Array.from({ length: count }, (_, index) => ({ type: 'reply', reply: { id: `option-${index}`, title: title(index) } }));
const buttonMessage = (fields: object = {}) =>
  interactive({ type: 'button', body: { text: 'Pick one' }, action: { buttons: replyButtons(2) }, ...fields });
const rows = (count: number, from = 0) =>
  Array.from({ length: count }, (_, index) => ({ id: `row-${from + index}`, title: `Row ${from + index}` }));
const listMessage = (action: object = {}, fields: object = {}) =>
  interactive({
    type: 'list',
    body: { text: 'Our menu' },
    action: { button: 'See the menu', sections: [{ title: 'Starters', rows: rows(2) }], ...action },
    ...fields,
  });
const ctaMessage = (parameters: object = {}, fields: object = {}) =>
  interactive({
    type: 'cta_url',
    body: { text: 'Tap below to see available dates.' },
    action: { name: 'cta_url', parameters: { display_text: 'See Dates', url: 'https://www.luckyshrub.com?clickID=kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4', ...parameters } },
    ...fields,
  });

describe('interactive: reply buttons', () => {
  it('accepts one to three buttons, with a text or media header and a footer', () => {
    expect(detailsOf(buttonMessage({ action: { buttons: replyButtons(1) } }))).toBe('valid');
    expect(detailsOf(buttonMessage({ action: { buttons: replyButtons(INTERACTIVE_LIMITS.replyButtons) } }))).toBe('valid');
    expect(detailsOf(buttonMessage({ header: { type: 'text', text: chars(60) }, footer: { text: chars(60) } }))).toBe('valid');
    for (const kind of ['image', 'video', 'document']) {
      expect(detailsOf(buttonMessage({ header: { type: kind, [kind]: { link: `https://example.com/a.${kind}` } } }))).toBe('valid');
    }
  });

  it('refuses no button, a fourth button, and titles or ids that repeat', () => {
    expect(detailsOf(buttonMessage({ action: { buttons: [] } }))).toBe('interactive.action.buttons must hold at least 1 button');
    expect(detailsOf(buttonMessage({ action: { buttons: replyButtons(4) } }))).toBe(
      'interactive.action.buttons must hold at most 3 buttons',
    );
    expect(detailsOf(buttonMessage({ action: { buttons: replyButtons(2, () => 'Same') } }))).toBe(
      'interactive.action.buttons must have distinct titles and distinct ids',
    );
  });

  it('limits a title to 20 characters, an id to 256, the body to 1024, header and footer to 60', () => {
    const titled = (title: string) => buttonMessage({ action: { buttons: [{ type: 'reply', reply: { id: 'a', title } }] } });
    expect(detailsOf(titled(chars(20)))).toBe('valid');
    expect(detailsOf(titled(chars(21)))).toBe('interactive.action.buttons.0.reply.title must be at most 20 characters');
    expect(detailsOf(titled(''))).toBe('interactive.action.buttons.0.reply.title must not be empty');
    const withId = (id: string) => buttonMessage({ action: { buttons: [{ type: 'reply', reply: { id, title: 'Yes' } }] } });
    expect(detailsOf(withId(chars(256)))).toBe('valid');
    expect(detailsOf(withId(chars(257)))).toBe('interactive.action.buttons.0.reply.id must be at most 256 characters');
    expect(detailsOf(buttonMessage({ body: { text: chars(1024) } }))).toBe('valid');
    expect(detailsOf(buttonMessage({ body: { text: chars(1025) } }))).toBe('interactive.body.text must be at most 1024 characters');
    expect(detailsOf(buttonMessage({ header: { type: 'text', text: chars(61) } }))).toBe(
      'interactive.header.text must be at most 60 characters',
    );
    expect(detailsOf(buttonMessage({ footer: { text: chars(61) } }))).toBe('interactive.footer.text must be at most 60 characters');
  });

  it('requires a body, a reply type, and the media its header names', () => {
    expect(detailsOf(buttonMessage({ body: undefined }))).toBe('interactive.body is required, such as {"text":"..."}');
    expect(detailsOf(buttonMessage({ action: { buttons: [{ type: 'url', reply: { id: 'a', title: 'b' } }] } }))).toBe(
      'interactive.action.buttons.0.type must be "reply"',
    );
    expect(detailsOf(buttonMessage({ header: { type: 'image' } }))).toBe(
      'interactive.header.image must be an object (required when type is image)',
    );
    expect(detailsOf(interactive({ type: 'product_list', body: { text: 'x' }, action: {} }))).toBe(
      'interactive.type must be one of button, list, cta_url (the interactive messages the sandbox emulates)',
    );
  });
});

describe('interactive: list', () => {
  it("accepts Meta's list shape: up to 10 sections and 10 rows in all, titled when several", () => {
    expect(detailsOf(listMessage({}, { header: { type: 'text', text: 'Menu' }, footer: { text: 'Prices include tax' } }))).toBe('valid');
    expect(detailsOf(listMessage({ sections: [{ rows: rows(10) }] }))).toBe('valid');
    const tenSections = Array.from({ length: 10 }, (_, index) => ({ title: `Section ${index}`, rows: rows(1, index) }));
    expect(detailsOf(listMessage({ sections: tenSections }))).toBe('valid');
  });

  it('refuses an eleventh section, an eleventh row across sections, and an untitled section among several', () => {
    const elevenSections = Array.from({ length: 11 }, (_, index) => ({ title: `S${index}`, rows: rows(1, index) }));
    expect(detailsOf(listMessage({ sections: elevenSections }))).toBe('interactive.action.sections must hold at most 10 sections');
    expect(
      detailsOf(listMessage({ sections: [{ title: 'A', rows: rows(6) }, { title: 'B', rows: rows(5, 6) }] })),
    ).toBe('interactive.action.sections must hold at most 10 rows in all');
    expect(detailsOf(listMessage({ sections: [{ rows: rows(1) }, { title: 'B', rows: rows(1, 1) }] }))).toBe(
      'interactive.action.sections must each have a title when there are more than one',
    );
    expect(detailsOf(listMessage({ sections: [{ title: 'A', rows: [] }] }))).toBe(
      'interactive.action.sections.0.rows must hold at least 1 row',
    );
    expect(detailsOf(listMessage({ sections: [{ title: 'A', rows: [rows(1)[0], rows(1)[0]] }] }))).toBe(
      'interactive.action.sections must have rows with distinct ids',
    );
  });

  it('limits the button to 20, a section title and a row title to 24, a row description to 72, a row id to 200', () => {
    const row = (fields: object) => listMessage({ sections: [{ title: 'A', rows: [{ id: 'r', title: 'Row', ...fields }] }] });
    expect(detailsOf(listMessage({ button: chars(20) }))).toBe('valid');
    expect(detailsOf(listMessage({ button: chars(21) }))).toBe('interactive.action.button must be at most 20 characters');
    expect(detailsOf(listMessage({ sections: [{ title: chars(24), rows: rows(1) }] }))).toBe('valid');
    expect(detailsOf(listMessage({ sections: [{ title: chars(25), rows: rows(1) }] }))).toBe(
      'interactive.action.sections.0.title must be at most 24 characters',
    );
    expect(detailsOf(row({ title: chars(24), description: chars(72), id: chars(200) }))).toBe('valid');
    expect(detailsOf(row({ title: chars(25) }))).toBe('interactive.action.sections.0.rows.0.title must be at most 24 characters');
    expect(detailsOf(row({ description: chars(73) }))).toBe(
      'interactive.action.sections.0.rows.0.description must be at most 72 characters',
    );
    expect(detailsOf(row({ id: chars(201) }))).toBe('interactive.action.sections.0.rows.0.id must be at most 200 characters');
  });

  it('takes only a text header', () => {
    expect(detailsOf(listMessage({}, { header: { type: 'image', image: { link: 'https://example.com/a.jpg' } } }))).toBe(
      'interactive.header must be of type text in a list message',
    );
  });
});

describe('interactive: call-to-action URL button', () => {
  it("accepts Meta's docs example, with any header", () => {
    expect(detailsOf(ctaMessage())).toBe('valid');
    expect(
      detailsOf(ctaMessage({}, { header: { type: 'image', image: { link: 'https://example.com/a.png' } }, footer: { text: 'Dates subject to change.' } })),
    ).toBe('valid');
  });

  it('limits display_text to 20 characters and requires an http(s) url', () => {
    expect(detailsOf(ctaMessage({ display_text: chars(20) }))).toBe('valid');
    expect(detailsOf(ctaMessage({ display_text: chars(21) }))).toBe(
      'interactive.action.parameters.display_text must be at most 20 characters',
    );
    expect(detailsOf(ctaMessage({ url: 'ftp://example.com/a' }))).toBe('interactive.action.parameters.url must be an http or https URL');
    expect(detailsOf(ctaMessage({ url: undefined }))).toBe('interactive.action.parameters.url is required');
    expect(detailsOf(interactive({ type: 'cta_url', body: { text: 'x' }, action: { name: 'flow', parameters: {} } }))).toMatch(
      /^interactive\.action\.name must be "cta_url"/,
    );
  });
});

describe('location', () => {
  const location = (fields: object) => ({ ...base, type: 'location', location: fields });

  it("accepts Meta's example, its coordinates as numbers or as strings", () => {
    const example = { latitude: 37.4847, longitude: -122.1486, name: 'Meta HQ', address: '1 Hacker Way, Menlo Park, CA 94025' };
    expect(detailsOf(location(example))).toBe('valid');
    expect(detailsOf(location({ latitude: '37.4847', longitude: '-122.1486' }))).toBe('valid');
    expect(detailsOf(location({ latitude: 90, longitude: -180 }))).toBe('valid');
  });

  it('refuses a coordinate beyond its range, not a number, or missing', () => {
    expect(detailsOf(location({ latitude: 90.0001, longitude: 0 }))).toBe('location.latitude must be a number from -90 to 90');
    expect(detailsOf(location({ latitude: 0, longitude: -180.5 }))).toBe('location.longitude must be a number from -180 to 180');
    expect(detailsOf(location({ latitude: 'north', longitude: 0 }))).toBe('location.latitude must be a number from -90 to 90');
    expect(detailsOf(location({ longitude: 0 }))).toBe('location.latitude is required');
    expect(detailsOf({ ...base, type: 'location' })).toBe('location must be an object (required when type is location)');
  });
});

describe('contacts', () => {
  const contacts = (cards: unknown) => ({ ...base, type: 'contacts', contacts: cards });
  const card = {
    addresses: [{ street: '1 Hacker Way', city: 'Menlo Park', state: 'CA', zip: '94025', country: 'United States', country_code: 'us', type: 'WORK' }],
    birthday: '2012-08-18',
    emails: [{ email: 'test@fb.com', type: 'WORK' }],
    name: { formatted_name: 'John Smith', first_name: 'John', last_name: 'Smith', middle_name: 'D.', prefix: 'Dr', suffix: 'Jr' },
    org: { company: 'WhatsApp', department: 'Design', title: 'Manager' },
    phones: [{ phone: '+1 (650) 555-1234', type: 'WORK', wa_id: '16505551234' }],
    urls: [{ url: 'https://www.facebook.com', type: 'WORK' }],
  };

  it("accepts Meta's example card, and one to five cards", () => {
    expect(detailsOf(contacts([card]))).toBe('valid');
    expect(detailsOf(contacts(Array.from({ length: 5 }, () => ({ name: { formatted_name: 'A' } }))))).toBe('valid');
  });

  it('requires name.formatted_name, and refuses no card or a sixth', () => {
    expect(detailsOf(contacts([{ ...card, name: { first_name: 'John' } }]))).toBe('contacts.0.name.formatted_name must be a string (required)');
    expect(detailsOf(contacts([{ phones: card.phones }]))).toBe('contacts.0.name is required, such as {"formatted_name":"John Smith"}');
    expect(detailsOf(contacts([]))).toBe('contacts must hold at least 1 contact');
    expect(detailsOf(contacts(Array.from({ length: 6 }, () => ({ name: { formatted_name: 'A' } }))))).toBe('contacts must hold at most 5 contacts');
    expect(detailsOf({ ...base, type: 'contacts' })).toBe('contacts must be an array of contacts (required when type is contacts)');
  });

  it('checks phones, emails, urls and the birthday', () => {
    const named = { name: { formatted_name: 'A' } };
    expect(detailsOf(contacts([{ ...named, phones: [{ type: 'CELL' }] }]))).toBe('contacts.0.phones.0.phone must be a string (required)');
    expect(detailsOf(contacts([{ ...named, emails: [{ email: 'not-an-email' }] }]))).toBe('contacts.0.emails.0.email must be an email address');
    expect(detailsOf(contacts([{ ...named, urls: [{ url: 'facebook' }] }]))).toBe('contacts.0.urls.0.url must be a URL');
    expect(detailsOf(contacts([{ ...named, birthday: '18/08/2012' }]))).toBe('contacts.0.birthday must be a date as YYYY-MM-DD');
  });
});

describe('sticker', () => {
  it("accepts Meta's examples: by id or by link", () => {
    expect(detailsOf({ ...base, type: 'sticker', sticker: { id: '1234567890123456' } })).toBe('valid');
    expect(detailsOf({ ...base, type: 'sticker', sticker: { link: 'https://example.com/sticker.webp' } })).toBe('valid');
  });

  it('refuses neither, and a caption', () => {
    expect(detailsOf({ ...base, type: 'sticker', sticker: {} })).toBe('sticker.link or id is required');
    expect(detailsOf({ ...base, type: 'sticker', sticker: { id: '1', caption: 'hi' } })).toBe(
      'sticker.caption is not allowed: stickers have no caption',
    );
  });
});

describe('reaction', () => {
  const reaction = (fields: object) => ({ ...base, type: 'reaction', reaction: fields });
  const messageId = 'wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=';

  it('accepts one emoji, and an empty one that removes the reaction', () => {
    for (const emoji of ['😀', '👍🏽', '❤️', '👨‍👩‍👧']) expect(detailsOf(reaction({ message_id: messageId, emoji }))).toBe('valid');
    expect(detailsOf(reaction({ message_id: messageId, emoji: '' }))).toBe('valid');
  });

  it('refuses text, two emoji, and a missing message_id or emoji', () => {
    expect(detailsOf(reaction({ message_id: messageId, emoji: 'ok' }))).toBe(
      'reaction.emoji must be a single emoji, or empty to remove the reaction',
    );
    expect(detailsOf(reaction({ message_id: messageId, emoji: '😀😀' }))).toBe(
      'reaction.emoji must be a single emoji, or empty to remove the reaction',
    );
    expect(detailsOf(reaction({ emoji: '😀' }))).toBe('reaction.message_id must be a string: the id of the message reacted to (required)');
    expect(detailsOf(reaction({ message_id: messageId }))).toBe(
      'reaction.emoji must be a string: one emoji, or empty to remove the reaction (required)',
    );
  });
});

describe('context', () => {
  it('quotes a message on any kind', () => {
    const context = { message_id: 'wamid.gBGGSFcCNEOPAgkO_KJ55r4w_ww' };
    expect(detailsOf({ ...base, type: 'text', text: { body: 'Yes' }, context })).toBe('valid');
    expect(detailsOf({ ...buttonMessage(), context })).toBe('valid');
    expect(detailsOf({ ...base, type: 'sticker', sticker: { id: '1' }, context })).toBe('valid');
  });

  it('requires its message_id', () => {
    expect(detailsOf({ ...base, type: 'text', text: { body: 'Yes' }, context: {} })).toBe('context.message_id must be a string (required)');
    expect(detailsOf({ ...base, type: 'text', text: { body: 'Yes' }, context: { message_id: '' } })).toBe(
      'context.message_id must not be empty',
    );
  });
});

describe('template components', () => {
  const template = (components: unknown[]) => ({
    ...base,
    type: 'template',
    template: { name: 'x', language: { code: 'en_US' }, components },
  });
  const body = (...parameters: unknown[]) => ({ type: 'body', parameters });

  it("accepts Meta's currency and date_time values, named parameters, and every button sub_type", () => {
    expect(
      detailsOf(
        template([
          body(
            { type: 'text', text: 'Hi John, your total is' },
            { type: 'currency', currency: { fallback_value: '$100.00 USD', code: 'USD', amount_1000: 100000 } },
            { type: 'date_time', date_time: { fallback_value: 'December 25, 2024' } },
          ),
        ]),
      ),
    ).toBe('valid');
    expect(detailsOf(template([body({ type: 'text', parameter_name: 'first_name', text: 'John' })]))).toBe('valid');
    expect(
      detailsOf(
        template([
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'product-details-123' }] },
          { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'VIEW_DETAILS_BUTTON_CLICK' }] },
          { type: 'button', sub_type: 'COPY_CODE', index: 2, parameters: [{ type: 'coupon_code', coupon_code: 'DISCOUNT20' }] },
        ]),
      ),
    ).toBe('valid');
  });

  it('checks currency, date_time, named parameter names and coupon codes', () => {
    expect(detailsOf(template([body({ type: 'currency', currency: { fallback_value: '$1', code: 'usd', amount_1000: 1000 } })]))).toBe(
      'template.components.0.parameters.0.currency.code must be an ISO 4217 currency code such as USD',
    );
    expect(detailsOf(template([body({ type: 'currency', currency: { fallback_value: '$1', code: 'USD', amount_1000: 1.5 } })]))).toBe(
      'template.components.0.parameters.0.currency.amount_1000 must be an integer: the amount multiplied by 1000',
    );
    expect(detailsOf(template([body({ type: 'currency', currency: { code: 'USD', amount_1000: 1 } })]))).toMatch(
      /^template\.components\.0\.parameters\.0\.currency\.fallback_value must be a string \(required\)/,
    );
    expect(detailsOf(template([body({ type: 'date_time', date_time: {} })]))).toMatch(
      /^template\.components\.0\.parameters\.0\.date_time\.fallback_value must be a string \(required\)/,
    );
    expect(detailsOf(template([body({ type: 'text', parameter_name: 'First Name', text: 'John' })]))).toBe(
      'template.components.0.parameters.0.parameter_name must be lower-case letters, digits and underscores, starting with a letter',
    );
    const coupon = (code: string) =>
      template([{ type: 'button', sub_type: 'copy_code', index: '0', parameters: [{ type: 'coupon_code', coupon_code: code }] }]);
    expect(detailsOf(coupon(chars(15)))).toBe('valid');
    expect(detailsOf(coupon(chars(16)))).toBe('template.components.0.parameters.0.coupon_code must be at most 15 characters');
  });

  it('takes carousel cards with their index and components', () => {
    const card = (cardIndex: unknown) => ({
      card_index: cardIndex,
      components: [
        { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/a.jpg' } }] },
        { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'more' }] },
      ],
    });
    expect(detailsOf(template([{ type: 'carousel', cards: [card(0), card(1)] }]))).toBe('valid');
    expect(detailsOf(template([{ type: 'carousel', cards: [card(10)] }]))).toBe(
      'template.components.0.cards.0.card_index must be an integer from 0 to 9',
    );
    expect(detailsOf(template([{ type: 'carousel' }]))).toBe(
      'template.components.0.cards must be an array of cards (required when type is carousel)',
    );
    expect(detailsOf(template([{ type: 'carousel', cards: Array.from({ length: 11 }, (_, index) => card(index % 10)) }]))).toBe(
      'template.components.0.cards must hold at most 10 cards',
    );
  });
});
