import { GraphApiError } from '../graph/graph-api.error';
import { parseSendMessageRequest } from '../messages/send-message.dto';
import { TEMPLATE_CATALOGUE } from './template-catalogue';
import { namedPlaceholders } from './template-fit';
import { TemplatesService } from './templates.service';

/** Templated sends checked as the sandbox checks them: the body's shape first, then its fit to the catalogue. */
const templates = new TemplatesService();

function verdictOf(name: string, components: unknown[]): string {
  try {
    const request = parseSendMessageRequest({
      messaging_product: 'whatsapp',
      to: '15550001111',
      type: 'template',
      template: { name, language: { code: 'en_US' }, components },
    });
    templates.assertSendable(request.template!);
    return 'accepted';
  } catch (error) {
    if (!(error instanceof GraphApiError)) throw error;
    return `${error.code} ${error.details}`;
  }
}

const text = (value: string, parameterName?: string) => ({
  type: 'text',
  text: value,
  ...(parameterName ? { parameter_name: parameterName } : {}),
});
const button = (subType: string, index: number, ...parameters: unknown[]) => ({
  type: 'button',
  sub_type: subType,
  index: String(index),
  parameters,
});

describe('the catalogue', () => {
  it('holds a template for each kind of component a send fills', () => {
    const byName = new Map(TEMPLATE_CATALOGUE.map((template) => [template.name, template]));
    expect(byName.get('delivery_update')).toMatchObject({ parameter_format: 'NAMED', status: 'APPROVED' });
    expect(byName.get('login_code')).toMatchObject({ category: 'AUTHENTICATION', status: 'APPROVED' });
    const carousel = byName.get('spring_collection')?.components.find((component) => component.type === 'CAROUSEL');
    expect(carousel?.cards).toHaveLength(2);
    const buttonTypes = TEMPLATE_CATALOGUE.flatMap((template) =>
      template.components.flatMap((component) => [
        ...(component.buttons ?? []),
        ...(component.cards ?? []).flatMap((card) => card.components.flatMap((part) => part.buttons ?? [])),
      ]),
    ).map((templateButton) => templateButton.type);
    expect(new Set(buttonTypes)).toEqual(new Set(['URL', 'QUICK_REPLY', 'COPY_CODE']));
    expect(new Set(TEMPLATE_CATALOGUE.map((template) => template.id)).size).toBe(TEMPLATE_CATALOGUE.length);
  });

  it('gives every named placeholder an example, as Meta requires to approve one', () => {
    const named = TEMPLATE_CATALOGUE.filter((template) => template.parameter_format === 'NAMED');
    for (const template of named) {
      for (const component of template.components) {
        const examples = [
          ...(component.example?.header_text_named_params ?? []),
          ...(component.example?.body_text_named_params ?? []),
        ].map((example) => example.param_name);
        expect(examples).toEqual(namedPlaceholders(component.text));
      }
    }
  });
});

describe('named parameters and a text header (delivery_update)', () => {
  const header = { type: 'header', parameters: [text('John', 'customer_name')] };
  const body = {
    type: 'body',
    parameters: [text('PKG-1', 'tracking_number'), text('John', 'first_name'), text('Friday', 'delivery_date')],
  };
  const track = button('url', 0, text('PKG-1'));

  it('accepts every name filled once, in any order, with the URL button suffix and an optional quick reply', () => {
    expect(verdictOf('delivery_update', [header, body, track])).toBe('accepted');
    expect(verdictOf('delivery_update', [header, body, track, button('quick_reply', 1, { type: 'payload', payload: 'later' })])).toBe(
      'accepted',
    );
  });

  it('refuses a value without its name, a name the template lacks, and a missing header value', () => {
    expect(verdictOf('delivery_update', [header, { type: 'body', parameters: [text('a'), text('b'), text('c')] }, track])).toBe(
      "132012 body: the template's parameters are named ({{first_name}}, {{tracking_number}}, {{delivery_date}}), so each value needs its parameter_name",
    );
    expect(
      verdictOf('delivery_update', [
        header,
        { type: 'body', parameters: [text('a', 'first_name'), text('b', 'tracking_number'), text('c', 'arrival')] },
        track,
      ]),
    ).toBe('131008 body: parameter_name delivery_date is missing');
    expect(verdictOf('delivery_update', [body, track])).toBe(
      '132000 header: number of localizable_params (0) does not match the expected number of params (1)',
    );
  });

  it('refuses the URL button without its parameter, naming the button, as Meta does', () => {
    expect(verdictOf('delivery_update', [header, body])).toBe(
      '131008 buttons: Button at index 0 of type Url requires a parameter',
    );
    expect(verdictOf('delivery_update', [header, body, button('quick_reply', 0, { type: 'payload', payload: 'x' })])).toBe(
      '132012 buttons: Button at index 0 is of type Url, not quick_reply',
    );
    expect(verdictOf('delivery_update', [header, body, track, button('url', 2, text('x'))])).toBe(
      '100 buttons: the template has no button at index 2',
    );
  });
});

describe('currency and date_time values, quick replies (payment_due)', () => {
  const header = { type: 'header', parameters: [text('INV-0042')] };
  const body = (...extra: unknown[]) => ({
    type: 'body',
    parameters: [
      text('John'),
      { type: 'currency', currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 } },
      { type: 'date_time', date_time: { fallback_value: 'February 25, 2026' } },
      ...extra,
    ],
  });

  it('accepts currency and date_time body values, and a payload for each quick reply', () => {
    expect(verdictOf('payment_due', [header, body()])).toBe('accepted');
    expect(
      verdictOf('payment_due', [
        header,
        body(),
        button('quick_reply', 0, { type: 'payload', payload: 'pay' }),
        button('QUICK_REPLY', 1, { type: 'payload', payload: 'talk' }),
      ]),
    ).toBe('accepted');
  });

  it('refuses a currency in the text header, a positional template given names, and a quick reply given text', () => {
    const currency = { type: 'currency', currency: { fallback_value: '$1', code: 'USD', amount_1000: 1000 } };
    expect(verdictOf('payment_due', [{ type: 'header', parameters: [currency] }, body()])).toBe(
      '132012 header: Format mismatch, expected TEXT, received CURRENCY',
    );
    expect(verdictOf('payment_due', [{ type: 'header', parameters: [text('INV-1', 'invoice')] }, body()])).toBe(
      "132012 header: the template's parameters are positional ({{1}}, {{2}}...), so parameter_name (invoice) is not expected",
    );
    expect(verdictOf('payment_due', [header, body(), button('quick_reply', 0, text('pay'))])).toBe(
      '132012 buttons: Button at index 0 of type Quick_reply: Format mismatch, expected PAYLOAD, received TEXT',
    );
    expect(verdictOf('payment_due', [header, body(text('extra'))])).toBe(
      '132000 body: number of localizable_params (4) does not match the expected number of params (3)',
    );
  });
});

describe('copy code (welcome_coupon)', () => {
  const body = { type: 'body', parameters: [text('John')] };

  it('requires the coupon code, of up to 15 characters', () => {
    expect(verdictOf('welcome_coupon', [body, button('copy_code', 0, { type: 'coupon_code', coupon_code: 'WELCOME15' })])).toBe(
      'accepted',
    );
    expect(verdictOf('welcome_coupon', [body])).toBe('131008 buttons: Button at index 0 of type Copy_code requires a parameter');
    expect(verdictOf('welcome_coupon', [body, button('copy_code', 0, text('WELCOME15'))])).toBe(
      '132012 buttons: Button at index 0 of type Copy_code: Format mismatch, expected COUPON_CODE, received TEXT',
    );
    expect(
      verdictOf('welcome_coupon', [body, button('copy_code', 0, { type: 'coupon_code', coupon_code: 'W'.repeat(16) })]),
    ).toBe('100 template.components.1.parameters.0.coupon_code must be at most 15 characters');
  });
});

describe('authentication code (login_code)', () => {
  const send = (code: string, buttonCode = code) => [
    { type: 'body', parameters: [text(code)] },
    button('url', 0, text(buttonCode)),
  ];

  it('takes the code in the body and in the one-time-password URL button, up to 15 characters', () => {
    expect(verdictOf('login_code', send('123456'))).toBe('accepted');
    expect(verdictOf('login_code', send('1'.repeat(15)))).toBe('accepted');
    expect(verdictOf('login_code', send('1'.repeat(16)))).toBe('131009 body: an authentication code is at most 15 characters');
    expect(verdictOf('login_code', [{ type: 'body', parameters: [text('123456')] }])).toBe(
      '131008 buttons: Button at index 0 of type Url requires a parameter',
    );
  });
});

describe('carousel (spring_collection)', () => {
  const card = (cardIndex: number, components: unknown[] = []) => ({
    card_index: cardIndex,
    components: [
      { type: 'header', parameters: [{ type: 'image', image: { link: `https://example.com/${cardIndex}.jpg` } }] },
      { type: 'body', parameters: [text('Linen shirt'), text('$29')] },
      button('url', 1, text('linen-shirt')),
      ...components,
    ],
  });
  const body = { type: 'body', parameters: [text('John')] };

  it('accepts one card per template card, each filled like a template of its own', () => {
    expect(verdictOf('spring_collection', [body, { type: 'carousel', cards: [card(0), card(1)] }])).toBe('accepted');
    expect(
      verdictOf('spring_collection', [
        body,
        { type: 'carousel', cards: [card(1), card(0, [button('quick_reply', 0, { type: 'payload', payload: 'more' })])] },
      ]),
    ).toBe('accepted');
  });

  it('refuses a card count mismatch, a missing carousel, a repeated card_index, and a card missing its values', () => {
    expect(verdictOf('spring_collection', [body, { type: 'carousel', cards: [card(0)] }])).toBe(
      '132000 carousel: number of cards (1) does not match the expected number of cards (2)',
    );
    expect(verdictOf('spring_collection', [body])).toBe(
      "131008 carousel: the template's 2 cards need a carousel component with their parameters",
    );
    expect(verdictOf('spring_collection', [body, { type: 'carousel', cards: [card(0), card(0)] }])).toBe(
      '100 carousel: cards need card_index 0 to 1, each once (card_index 0 is given 2 times)',
    );
    const withoutImage = { card_index: 1, components: card(1).components.slice(1) };
    expect(verdictOf('spring_collection', [body, { type: 'carousel', cards: [card(0), withoutImage] }])).toBe(
      '132012 carousel.cards[1].header: Format mismatch, expected IMAGE, received UNKNOWN',
    );
    const withoutUrl = { card_index: 0, components: card(0).components.slice(0, 2) };
    expect(verdictOf('spring_collection', [body, { type: 'carousel', cards: [withoutUrl, card(1)] }])).toBe(
      '131008 carousel.cards[0].buttons: Button at index 1 of type Url requires a parameter',
    );
    expect(verdictOf('payment_due', [{ type: 'carousel', cards: [card(0)] }])).toBe(
      '100 carousel: template payment_due has no carousel',
    );
  });
});
