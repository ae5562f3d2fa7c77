import { MessageStatusResponse, SendMessageResponse, templateUuidFor } from '@herald/contracts';
import { eventually, Platform, startPlatform } from '@herald/testing';
import fc from 'fast-check';

/** The sandbox's demo account: its catalogue has a template for every kind of component. */
const waba = '100000000000001';
const uuidOf = (name: string) => templateUuidFor(waba, name, 'en_US');
const catalogue = ['delivery_update', 'payment_due', 'welcome_coupon', 'login_code', 'spring_collection', 'order_shipped', 'summer_promo'];

describe('template components, end to end', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const post = (route: string, body: Record<string, unknown>) =>
    fetch(`${platform.ingressUrl}${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'whatsapp', optin_contact: true, ...body }),
    });
  const send = async (body: Record<string, unknown>) => {
    const response = await post('/messages/send', body);
    expect(response.status).toBe(200);
    return ((await response.json()) as SendMessageResponse).message.uuid;
  };
  const finalStatus = (uuid: string) =>
    eventually(async () => {
      const response = await fetch(`${platform.ingressUrl}/messages/status/${uuid}`, { headers: { authorization: `Bearer ${platform.apiKey}` } });
      const { message } = (await response.json()) as MessageStatusResponse;
      return message && ['rejected', 'read', 'failed'].includes(message.status) ? message : undefined;
    }, 30_000);
  /** The sends the sandbox accepted, by Herald's message uuid (biz_opaque_callback_data). */
  const receipts = async () => {
    const response = await fetch(`${platform.sandboxUrl}/_sandbox/receipts`, { headers: platform.internalHeaders });
    const { data } = (await response.json()) as { data: Array<{ wamid: string; bizOpaqueCallbackData?: string }> };
    return data;
  };
  /** The exact Graph API body the sandbox received for a message. */
  const received = async (uuid: string) => {
    const receipt = (await receipts()).find((entry) => entry.bizOpaqueCallbackData === uuid);
    if (!receipt) return undefined;
    const response = await fetch(`${platform.sandboxUrl}/_sandbox/messages/${receipt.wamid}`, { headers: platform.internalHeaders });
    return ((await response.json()) as { body: unknown }).body;
  };

  const card = (index: number) => ({
    card_index: index,
    header: { url: `https://shop.example.com/static/spring-${index}.jpg` },
    body: [{ text: `Linen shirt ${index}` }, { text: '$29' }],
    buttons: [
      { index: 0, payload: `MORE_${index}` },
      { index: 1, url_suffix: `linen-shirt-${index}` },
    ],
  });
  const cardComponents = (index: number) => [
    { type: 'header', parameters: [{ type: 'image', image: { link: `https://shop.example.com/static/spring-${index}.jpg` } }] },
    { type: 'body', parameters: [{ type: 'text', text: `Linen shirt ${index}` }, { type: 'text', text: '$29' }] },
    { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: `MORE_${index}` }] },
    { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: `linen-shirt-${index}` }] },
  ];

  it.each([
    [
      'named parameters, a text header, a URL button suffix and a quick reply',
      {
        to: '+14480000001',
        type: 'text',
        template_uuid: uuidOf('delivery_update'),
        content: {},
        template_parameters: {
          header: { text: 'John' },
          body: [
            { name: 'first_name', text: 'John' },
            { name: 'tracking_number', text: 'PKG-1234' },
            { name: 'delivery_date', text: 'Friday' },
          ],
          buttons: [
            { index: 0, url_suffix: 'PKG-1234' },
            { index: 1, payload: 'RESCHEDULE' },
          ],
        },
      },
      [
        { type: 'header', parameters: [{ type: 'text', text: 'John', parameter_name: 'customer_name' }] },
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'John', parameter_name: 'first_name' },
            { type: 'text', text: 'PKG-1234', parameter_name: 'tracking_number' },
            { type: 'text', text: 'Friday', parameter_name: 'delivery_date' },
          ],
        },
        { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'PKG-1234' }] },
        { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'RESCHEDULE' }] },
      ],
      'Hi John, parcel PKG-1234 arrives on Friday.',
    ],
    [
      'a header text value, currency and date_time values, and quick replies',
      {
        to: '+14480000002',
        type: 'text',
        template_uuid: uuidOf('payment_due'),
        content: {},
        template_parameters: {
          header: { text: 'INV-0042' },
          body: [{ text: 'John' }, { currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 } }, { date_time: { fallback_value: 'February 25, 2026' } }],
          buttons: [
            { index: 0, payload: 'PAY' },
            { index: 1, payload: 'TALK' },
          ],
        },
      },
      [
        { type: 'header', parameters: [{ type: 'text', text: 'INV-0042' }] },
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'John' },
            { type: 'currency', currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 } },
            { type: 'date_time', date_time: { fallback_value: 'February 25, 2026' } },
          ],
        },
        { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'PAY' }] },
        { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'TALK' }] },
      ],
      'Hi John, $100.99 is due on February 25, 2026.',
    ],
    [
      "a copy code button, next to Callbell's template_values",
      { to: '+14480000003', type: 'text', template_uuid: uuidOf('welcome_coupon'), content: {}, template_values: ['John'], template_parameters: { buttons: [{ index: 0, coupon_code: 'WELCOME15' }] } },
      [
        { type: 'body', parameters: [{ type: 'text', text: 'John' }] },
        { type: 'button', sub_type: 'copy_code', index: '0', parameters: [{ type: 'coupon_code', coupon_code: 'WELCOME15' }] },
      ],
      'Welcome John! Use the code below for 15% off your first order.',
    ],
    [
      "an authentication template's code, from Callbell's content.text",
      { to: '+14480000004', type: 'text', template_uuid: uuidOf('login_code'), content: { text: '123456' } },
      [
        { type: 'body', parameters: [{ type: 'text', text: '123456' }] },
        { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '123456' }] },
      ],
      '*123456* is your verification code. For your security, do not share this code.',
    ],
    [
      'a carousel of two cards, each with its image, values and buttons',
      { to: '+14480000005', type: 'text', template_uuid: uuidOf('spring_collection'), content: { text: 'John' }, template_parameters: { carousel: [card(0), card(1)] } },
      [
        { type: 'body', parameters: [{ type: 'text', text: 'John' }] },
        {
          type: 'carousel',
          cards: [
            { card_index: 0, components: cardComponents(0) },
            { card_index: 1, components: cardComponents(1) },
          ],
        },
      ],
      'Hi John, here are our spring picks.',
    ],
    [
      "a URL button's suffix next to Callbell's template_values",
      { to: '+14480000006', type: 'text', template_uuid: uuidOf('order_shipped'), content: {}, template_values: ['John', '#12345', 'Friday'], template_parameters: { buttons: [{ index: 0, url_suffix: '12345' }] } },
      [
        { type: 'body', parameters: [{ type: 'text', text: 'John' }, { type: 'text', text: '#12345' }, { type: 'text', text: 'Friday' }] },
        { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '12345' }] },
      ],
      'Hi John, your order #12345 ships today and should arrive by Friday.',
    ],
    [
      'an image header and quick reply payloads',
      {
        to: '+14480000007',
        type: 'image',
        template_uuid: uuidOf('summer_promo'),
        content: { url: 'https://example.com/promo.jpeg' },
        template_values: ['Jack', '20%'],
        template_parameters: { buttons: [{ index: 1, payload: 'STOP_PROMOS' }] },
      },
      [
        { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/promo.jpeg' } }] },
        { type: 'body', parameters: [{ type: 'text', text: 'Jack' }, { type: 'text', text: '20%' }] },
        { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'STOP_PROMOS' }] },
      ],
      'Hi Jack, our summer collection is here: 20% off everything this week.',
    ],
  ])('sends %s as the exact Graph API body, and it reaches read', async (_case, request, components, renderedText) => {
    const uuid = await send(request);
    const message = await finalStatus(uuid);
    expect({ status: message.status, failure: message.failure }).toEqual({ status: 'read', failure: undefined });
    expect(message.renderedText).toBe(renderedText);
    const name = catalogue.find((template) => uuidOf(template) === request.template_uuid);
    expect(await received(uuid)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: request.to.slice(1),
      type: 'template',
      template: { name, language: { code: 'en_US' }, components },
      biz_opaque_callback_data: uuid,
    });
  });

  it('refuses a URL button template sent without its suffix, naming the button, before any call to WhatsApp; the dry run says the same', async () => {
    const request = { to: '+14480000010', type: 'text', template_uuid: uuidOf('order_shipped'), content: {}, template_values: ['John', '#12345', 'Friday'] };
    const reason = { code: 'template_parameter_missing', message: 'buttons[0] (URL) needs its url_suffix parameter' };
    const uuid = await send(request);
    const message = await finalStatus(uuid);
    expect({ status: message.status, failure: message.failure }).toEqual({ status: 'rejected', failure: reason });
    expect((await receipts()).some((receipt) => receipt.bizOpaqueCallbackData === uuid)).toBe(false);
    const dryRun = await post('/messages/validate', request);
    expect(await dryRun.json()).toEqual({ valid: false, reason, window: { open: false, closesAt: null } });
  });

  it('answers 422 naming the field for a value WhatsApp never takes, whatever the template', async () => {
    const response = await post('/messages/send', {
      to: '+14480000011',
      type: 'text',
      template_uuid: uuidOf('welcome_coupon'),
      content: {},
      template_values: ['John'],
      template_parameters: { buttons: [{ index: 0, coupon_code: 'X'.repeat(16) }] },
    });
    expect(response.status).toBe(422);
    const { error } = (await response.json()) as { error: { code: string; details: Array<{ field: string }> } };
    expect(error.code).toBe('validation_failed');
    expect(error.details.map((detail) => detail.field)).toEqual(['template_parameters.buttons.0.coupon_code']);
  });

  it('what Herald accepts, the sandbox (checking as Meta does) takes; what it refuses names its field and never reaches WhatsApp', async () => {
    const suffix = fc.oneof(fc.constant(undefined), fc.string({ minLength: 1, maxLength: 12 }).map((text) => text.replace(/\s/g, 'x')));
    const bodyNames: fc.Arbitrary<string[]> = fc.oneof(
      { arbitrary: fc.shuffledSubarray(['first_name', 'tracking_number', 'delivery_date'], { minLength: 3 }), weight: 3 },
      { arbitrary: fc.array(fc.constantFrom<string>('first_name', 'tracking_number', 'delivery_day'), { minLength: 1, maxLength: 3 }), weight: 1 },
    );
    const headerText = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 8 }), weight: 3 }, { arbitrary: fc.integer({ min: 59, max: 61 }), weight: 2 }).map((length) => 'h'.repeat(length));
    const cases = fc.sample(fc.record({ names: bodyNames, suffix, header: fc.option(headerText, { nil: undefined, freq: 6 }) }), { numRuns: 16, seed: 32 });
    const outcomes = await Promise.all(
      cases.map(async ({ names, suffix: urlSuffix, header }, index) => {
        const response = await post('/messages/send', {
          to: `+144800001${String(index).padStart(2, '0')}`,
          type: 'text',
          template_uuid: uuidOf('delivery_update'),
          content: {},
          template_parameters: {
            ...(header !== undefined ? { header: { text: header } } : {}),
            body: names.map((name) => ({ name, text: `v ${name}` })),
            ...(urlSuffix !== undefined ? { buttons: [{ index: 0, url_suffix: urlSuffix }] } : {}),
          },
        });
        // What no template could take is refused at the door, naming the field.
        if (response.status === 422) {
          const { error } = (await response.json()) as { error: { details: Array<{ field: string }> } };
          expect(error.details.map((detail) => detail.field)).toEqual(['template_parameters.header.text']);
          return 'refused';
        }
        expect(response.status).toBe(200);
        const uuid = ((await response.json()) as SendMessageResponse).message.uuid;
        const message = await finalStatus(uuid);
        if (message.status === 'rejected') {
          expect(message.failure?.message).toMatch(/header|body|buttons\[0\]/);
          expect((await receipts()).some((receipt) => receipt.bizOpaqueCallbackData === uuid)).toBe(false);
          return 'refused';
        }
        expect({ status: message.status, failure: message.failure }).toEqual({ status: 'read', failure: undefined });
        return 'read';
      }),
    );
    // The sample holds both kinds of cases, so the property was tried both ways.
    expect([...new Set(outcomes)].sort()).toEqual(['read', 'refused']);
  });
});
