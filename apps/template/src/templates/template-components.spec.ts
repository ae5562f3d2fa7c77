import type { TemplateParametersDto } from '@herald/contracts';
import { deliveryUpdate, loginCode, orderShipped, paymentDue, springCollection, templateRequest, welcomeCoupon } from './template-components.fixtures';
import { type RenderableTemplate, renderTemplate } from './template-renderer';

const render = (template: RenderableTemplate, template_parameters?: TemplateParametersDto, template_values?: string[]) =>
  renderTemplate(template, templateRequest({ template_parameters, template_values }));

const componentsOf = (rendering: ReturnType<typeof renderTemplate>) => {
  if (!rendering.ok) throw new Error(`refused: ${rendering.code} ${rendering.message}`);
  return rendering.outbound.template?.components;
};

describe('renderTemplate: every component kind', () => {
  it('fills a NAMED template by name: header text, body values with parameter_name, the URL suffix and a quick reply payload', () => {
    const rendering = render(deliveryUpdate, {
      header: { text: 'Jo' },
      body: [
        { name: 'tracking_number', text: 'PKG-1' },
        { name: 'first_name', text: 'Jo' },
        { name: 'delivery_date', text: 'Friday' },
      ],
      buttons: [
        { index: 0, url_suffix: 'PKG-1' },
        { index: 1, payload: 'RESCHEDULE' },
      ],
    });
    expect(componentsOf(rendering)).toEqual([
      { type: 'header', parameters: [{ type: 'text', text: 'Jo', parameter_name: 'customer_name' }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Jo', parameter_name: 'first_name' },
          { type: 'text', text: 'PKG-1', parameter_name: 'tracking_number' },
          { type: 'text', text: 'Friday', parameter_name: 'delivery_date' },
        ],
      },
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'PKG-1' }] },
      { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'RESCHEDULE' }] },
    ]);
    expect(rendering).toMatchObject({ renderedText: 'Hi Jo, parcel PKG-1 arrives on Friday.' });
  });

  it("fills a NAMED template's placeholders in the order they appear when the values have no names (Callbell's template_values)", () => {
    const rendering = render(deliveryUpdate, { header: { name: 'customer_name', text: 'Jo' }, buttons: [{ index: 0, url_suffix: 'X' }] }, ['Jo', 'PKG-1', 'Friday']);
    expect(componentsOf(rendering)?.[1]).toEqual({
      type: 'body',
      parameters: [
        { type: 'text', text: 'Jo', parameter_name: 'first_name' },
        { type: 'text', text: 'PKG-1', parameter_name: 'tracking_number' },
        { type: 'text', text: 'Friday', parameter_name: 'delivery_date' },
      ],
    });
  });

  it('builds currency and date_time values as Meta shows them, and renders their fallback values', () => {
    const rendering = render(paymentDue, {
      header: { text: 'INV-0042' },
      body: [{ text: 'Jo' }, { currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 } }, { date_time: { fallback_value: 'February 25, 2026' } }],
    });
    expect(componentsOf(rendering)).toEqual([
      { type: 'header', parameters: [{ type: 'text', text: 'INV-0042' }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Jo' },
          { type: 'currency', currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 } },
          { type: 'date_time', date_time: { fallback_value: 'February 25, 2026' } },
        ],
      },
    ]);
    expect(rendering).toMatchObject({ renderedText: 'Hi Jo, $100.99 is due on February 25, 2026.' });
  });

  it('sends a quick reply without a component when no payload is given', () => {
    const rendering = render(paymentDue, { header: { text: 'INV-1' } }, ['Jo', '$1', 'today']);
    expect(componentsOf(rendering)?.map((component) => component.type)).toEqual(['header', 'body']);
  });

  it("builds a copy code button's coupon_code, and nothing for a URL button with a fixed address", () => {
    const rendering = render(welcomeCoupon, { buttons: [{ index: 0, coupon_code: 'WELCOME15' }] }, ['Jo']);
    expect(componentsOf(rendering)).toEqual([
      { type: 'body', parameters: [{ type: 'text', text: 'Jo' }] },
      { type: 'button', sub_type: 'copy_code', index: '0', parameters: [{ type: 'coupon_code', coupon_code: 'WELCOME15' }] },
    ]);
  });

  it.each([
    ['the otp button', { buttons: [{ index: 0, otp: '123456' }] }, undefined],
    ["Callbell's template_values", undefined, ['123456']],
  ])("puts an authentication template's code in the body and its url button, given by %s", (_how, parameters, values) => {
    expect(componentsOf(render(loginCode, parameters, values))).toEqual([
      { type: 'body', parameters: [{ type: 'text', text: '123456' }] },
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '123456' }] },
    ]);
  });

  it('builds a carousel: each card by card_index with its image header, body values and buttons', () => {
    const card = (index: number) => ({
      card_index: index,
      header: { url: `https://shop.example.com/${index}.jpg` },
      body: [{ text: `Shirt ${index}` }, { text: '$29' }],
      buttons: [
        { index: 0, payload: `MORE_${index}` },
        { index: 1, url_suffix: `shirt-${index}` },
      ],
    });
    const rendering = render(springCollection, { carousel: [card(1), card(0)] }, ['Jo']);
    const cardComponents = (index: number) => [
      { type: 'header', parameters: [{ type: 'image', image: { link: `https://shop.example.com/${index}.jpg` } }] },
      { type: 'body', parameters: [{ type: 'text', text: `Shirt ${index}` }, { type: 'text', text: '$29' }] },
      { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: `MORE_${index}` }] },
      { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: `shirt-${index}` }] },
    ];
    expect(componentsOf(rendering)).toEqual([
      { type: 'body', parameters: [{ type: 'text', text: 'Jo' }] },
      {
        type: 'carousel',
        cards: [
          { card_index: 0, components: cardComponents(0) },
          { card_index: 1, components: cardComponents(1) },
        ],
      },
    ]);
  });

  it("takes a carousel card's media by WhatsApp media id", () => {
    const card = (index: number) => ({ card_index: index, header: { id: '1234' }, body: [{ text: 'a' }, { text: 'b' }], buttons: [{ index: 1, url_suffix: 'x' }] });
    const carousel = componentsOf(render(springCollection, { carousel: [card(0), card(1)] }, ['Jo']))?.[1];
    expect(carousel?.cards?.[0].components[0]).toEqual({ type: 'header', parameters: [{ type: 'image', image: { id: '1234' } }] });
  });

  it("fills a URL button's suffix from template_parameters next to Callbell's template_values", () => {
    expect(componentsOf(render(orderShipped, { buttons: [{ index: 0, url_suffix: '12345' }] }, ['Jo', '#12345', 'Friday']))?.[1]).toEqual({
      type: 'button',
      sub_type: 'url',
      index: '0',
      parameters: [{ type: 'text', text: '12345' }],
    });
  });
});

describe('renderTemplate: values that do not fit are refused, naming the field', () => {
  const long = (length: number) => 'x'.repeat(length);
  const deliveryValues = (overrides: Partial<TemplateParametersDto>): TemplateParametersDto => ({
    header: { text: 'Jo' },
    body: [
      { name: 'first_name', text: 'Jo' },
      { name: 'tracking_number', text: 'PKG-1' },
      { name: 'delivery_date', text: 'Friday' },
    ],
    buttons: [{ index: 0, url_suffix: 'PKG-1' }],
    ...overrides,
  });
  const card = (index: number, overrides: object = {}) => ({
    card_index: index,
    header: { url: 'https://shop.example.com/a.jpg' },
    body: [{ text: 'a' }, { text: 'b' }],
    buttons: [{ index: 1, url_suffix: 'x' }],
    ...overrides,
  });

  it.each<[string, RenderableTemplate, TemplateParametersDto | undefined, string[] | undefined, string, string]>([
    ['a URL button without its suffix', orderShipped, undefined, ['a', 'b', 'c'], 'template_parameter_missing', 'buttons[0] (URL) needs its url_suffix parameter'],
    ['a copy code button without its code', welcomeCoupon, undefined, ['Jo'], 'template_parameter_missing', 'buttons[0] (COPY_CODE) needs its coupon_code parameter'],
    ['an authentication template without its code', loginCode, undefined, undefined, 'template_parameter_missing', 'buttons[0] needs its otp parameter'],
    ['a text header without its value', paymentDue, undefined, ['a', 'b', 'c'], 'template_parameter_missing', 'header (TEXT) needs its value {{1}}'],
    ['a named placeholder left out', deliveryUpdate, deliveryValues({ body: [{ name: 'first_name', text: 'Jo' }, { name: 'tracking_number', text: 'P' }] }), undefined, 'template_parameter_missing', 'body needs its parameter {{delivery_date}}'],
    ['a named placeholder that does not exist', deliveryUpdate, deliveryValues({ body: [{ name: 'first_name', text: 'Jo' }, { name: 'tracking_number', text: 'P' }, { name: 'delivery_day', text: 'F' }] }), undefined, 'template_parameter_unknown', 'body[2].name: template delivery_update has no placeholder {{delivery_day}}'],
    ['a named header value with the wrong name', deliveryUpdate, deliveryValues({ header: { name: 'first_name', text: 'Jo' } }), undefined, 'template_parameter_unknown', "template_parameters.header.name: the header's placeholder is {{customer_name}}"],
    ['a named value in a positional template', orderShipped, { body: [{ name: 'first_name', text: 'a' }, { text: 'b' }, { text: 'c' }], buttons: [{ index: 0, url_suffix: 'x' }] }, undefined, 'template_parameter_unknown', 'body[0].name'],
    ['a name given twice', deliveryUpdate, deliveryValues({ body: [{ name: 'first_name', text: 'Jo' }, { name: 'first_name', text: 'P' }, { name: 'delivery_date', text: 'F' }] }), undefined, 'template_parameter_invalid', 'body[1].name: {{first_name}} is given more than once'],
    ['a button the template does not have', orderShipped, { buttons: [{ index: 0, url_suffix: 'x' }, { index: 3, payload: 'p' }] }, ['a', 'b', 'c'], 'template_parameter_unknown', 'buttons[3]: template order_shipped has no button at index 3'],
    ['a value of the wrong kind for a button', deliveryUpdate, deliveryValues({ buttons: [{ index: 0, url_suffix: 'x' }, { index: 1, url_suffix: 'y' }] }), undefined, 'template_parameter_unknown', 'buttons[1] (QUICK_REPLY) takes its payload, not url_suffix'],
    ['a suffix for a URL with a fixed address', welcomeCoupon, { buttons: [{ index: 0, coupon_code: 'A' }, { index: 1, url_suffix: 'x' }] }, ['Jo'], 'template_parameter_unknown', 'buttons[1] (URL) takes no value, not url_suffix'],
    ['a button given twice', orderShipped, { buttons: [{ index: 0, url_suffix: 'x' }, { index: 0, url_suffix: 'y' }] }, ['a', 'b', 'c'], 'template_parameter_invalid', 'buttons[0] is given more than once'],
    ['a header value over 60 characters', paymentDue, { header: { text: long(61) } }, ['a', 'b', 'c'], 'template_parameter_too_long', 'template_parameters.header.text is 61 characters'],
    ['a body value over 1024 characters', orderShipped, { body: [{ text: long(1025) }, { text: 'b' }, { text: 'c' }], buttons: [{ index: 0, url_suffix: 'x' }] }, undefined, 'template_parameter_too_long', 'body[0].text is 1025 characters'],
    ['a URL over 2000 characters', orderShipped, { buttons: [{ index: 0, url_suffix: long(2000 - 'https://shop.example.com/orders/'.length + 1) }] }, ['a', 'b', 'c'], 'template_parameter_too_long', 'buttons[0] (URL).url_suffix makes an address of 2001 characters'],
    ['an authentication code over 15 characters', loginCode, { buttons: [{ index: 0, otp: long(16) }] }, undefined, 'template_parameter_too_long', 'body[0].text is 16 characters; WhatsApp takes at most 15'],
    ['a code that differs between body and button', loginCode, { buttons: [{ index: 0, otp: '111' }] }, ['222'], 'template_parameter_invalid', 'buttons[0] (URL).otp differs from the code in the body'],
    ['a URL suffix with a newline', orderShipped, { buttons: [{ index: 0, url_suffix: 'a\nb' }] }, ['a', 'b', 'c'], 'template_parameter_invalid', 'buttons[0] (URL).url_suffix contains a newline'],
    ['a header value on a template without a header placeholder', orderShipped, { header: { text: 'x' }, buttons: [{ index: 0, url_suffix: 'x' }] }, ['a', 'b', 'c'], 'template_parameter_unknown', 'template_parameters.header'],
    ['too few carousel cards', springCollection, { carousel: [card(0)] }, ['Jo'], 'template_carousel_mismatch', 'template spring_collection has 2 cards, the request gave 1'],
    ['no carousel cards', springCollection, undefined, ['Jo'], 'template_carousel_mismatch', 'has 2 cards, the request gave 0'],
    ['a carousel card given twice', springCollection, { carousel: [card(0), card(0)] }, ['Jo'], 'template_carousel_mismatch', 'needs card_index 0 once (given 2 times)'],
    ["a card's URL button without its suffix", springCollection, { carousel: [card(0), card(1, { buttons: [] })] }, ['Jo'], 'template_parameter_missing', 'carousel[1].buttons[1] (URL) needs its url_suffix parameter'],
    ["a card's body with a value missing", springCollection, { carousel: [card(0, { body: [{ text: 'a' }] }), card(1)] }, ['Jo'], 'template_parameter_count_mismatch', 'carousel[0].body: template spring_collection takes 2 values, the request gave 1'],
    ['cards for a template without a carousel', orderShipped, { carousel: [card(0)], buttons: [{ index: 0, url_suffix: 'x' }] }, ['a', 'b', 'c'], 'template_parameter_unknown', 'template order_shipped has no carousel'],
  ])('refuses %s', (_case, template, parameters, values, code, message) => {
    const rendering = render(template, parameters, values);
    expect(rendering).toEqual({ ok: false, code, message: expect.stringContaining(message) });
  });
});
