import { SendMessageDto } from '../messages/send-message.dto';
import { checkContract } from '../validation';
import { templateParametersExample } from './template-parameters.dto';
import { templateComponentExamples } from './template-parameters.examples';

const template = {
  to: '+31612345678',
  from: 'whatsapp',
  type: 'text',
  content: {},
  template_uuid: 'd980fb66fd5043d3ace1aac06e7ba6a7',
  optin_contact: true,
};
const problemsOf = (body: unknown) => {
  const check = checkContract(SendMessageDto, body);
  return check.ok ? [] : check.problems;
};
const fieldsOf = (template_parameters: unknown, extra: object = {}) => problemsOf({ ...template, ...extra, template_parameters }).map((problem) => problem.field);

describe('template_parameters (Herald extension)', () => {
  it('accepts its example and every kind of value', () => {
    expect(fieldsOf(templateParametersExample)).toEqual([]);
    expect(
      fieldsOf({
        header: { text: 'INV-0042' },
        body: [{ text: 'Jo' }, { currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 } }, { date_time: { fallback_value: 'Friday' } }],
        buttons: [{ index: 0, coupon_code: 'WELCOME15' }, { index: 1, otp: '123456' }, { index: 2, payload: 'STOP' }],
        carousel: [
          { card_index: 0, header: { url: 'https://shop.example.com/0.jpg' }, body: [{ text: 'a' }], buttons: [{ index: 1, url_suffix: 'a' }] },
          { card_index: 1, header: { id: '1234567890' } },
        ],
      }),
    ).toEqual([]);
  });

  it.each([
    ['a value with two kinds', { body: [{ text: 'a', date_time: { fallback_value: 'b' } }] }, 'template_parameters.body.0.text'],
    ['a value with no kind', { body: [{ name: 'first_name' }] }, 'template_parameters.body.0.text'],
    ['a name Meta does not allow', { body: [{ name: 'First Name', text: 'a' }] }, 'template_parameters.body.0.name'],
    ['a currency code that is not ISO 4217', { body: [{ currency: { fallback_value: '$1', code: 'usd', amount_1000: 1000 } }] }, 'template_parameters.body.0.currency.code'],
    ['an amount that is not an integer', { body: [{ currency: { fallback_value: '$1', code: 'USD', amount_1000: 1.5 } }] }, 'template_parameters.body.0.currency.amount_1000'],
    ['a currency without its fallback', { body: [{ currency: { code: 'USD', amount_1000: 1000 } }] }, 'template_parameters.body.0.currency.fallback_value'],
    ['an empty date', { body: [{ date_time: { fallback_value: '' } }] }, 'template_parameters.body.0.date_time.fallback_value'],
    ['a body value over 1024 characters', { body: [{ text: 'x'.repeat(1025) }] }, 'template_parameters.body.0.text'],
    ['a header value over 60 characters', { header: { text: 'x'.repeat(61) } }, 'template_parameters.header.text'],
    ['a coupon code over 15 characters', { buttons: [{ index: 0, coupon_code: 'x'.repeat(16) }] }, 'template_parameters.buttons.0.coupon_code'],
    ['a one-time password over 15 characters', { buttons: [{ index: 0, otp: '1'.repeat(16) }] }, 'template_parameters.buttons.0.otp'],
    ['a button with no value', { buttons: [{ index: 0 }] }, 'template_parameters.buttons.0.url_suffix'],
    ['a value with a currency and a date', { body: [{ currency: { fallback_value: '$1', code: 'USD', amount_1000: 1 }, date_time: { fallback_value: 'b' } }] }, 'template_parameters.body.0.currency'],
    ['a card header with both an address and an id', { carousel: [{ card_index: 0, header: { url: 'https://x.example/a.jpg', id: '1' } }] }, 'template_parameters.carousel.0.header.url'],
    ['a card header with neither', { carousel: [{ card_index: 0, header: {} }] }, 'template_parameters.carousel.0.header.url'],
    ['a button with two values', { buttons: [{ index: 0, payload: 'a', url_suffix: 'b' }] }, 'template_parameters.buttons.0.url_suffix'],
    ['a button with no index', { buttons: [{ url_suffix: 'b' }] }, 'template_parameters.buttons.0.index'],
    ['a button index out of range', { buttons: [{ index: 10, url_suffix: 'b' }] }, 'template_parameters.buttons.0.index'],
    ['a card without its header', { carousel: [{ card_index: 0 }] }, 'template_parameters.carousel.0.header'],
    ['a card header with an address that is not http(s)', { carousel: [{ card_index: 0, header: { url: 'ftp://x/a.jpg' } }] }, 'template_parameters.carousel.0.header.url'],
    ['an empty carousel', { carousel: [] }, 'template_parameters.carousel'],
    ['an unknown field', { footer: { text: 'x' } }, 'template_parameters.footer'],
  ])('refuses %s, naming the field', (_case, parameters, field) => {
    expect(fieldsOf(parameters)).toContain(field);
  });

  it('belongs to a template message', () => {
    const { template_uuid: _none, optin_contact: _optin, ...text } = { ...template, content: { text: 'Hi' } };
    expect(problemsOf({ ...text, template_parameters: { header: { text: 'x' } } })).toEqual([
      { field: 'template_parameters', problem: expect.stringContaining('only for a template message') },
    ]);
  });

  it("takes the body's values here or in template_values, not both", () => {
    expect(problemsOf({ ...template, template_values: ['a'], template_parameters: { body: [{ text: 'a' }] } })).toEqual([
      { field: 'template_parameters', problem: expect.stringContaining('give one of them') },
    ]);
    expect(fieldsOf({ buttons: [{ index: 0, url_suffix: 'a' }] }, { template_values: ['a'] })).toEqual([]);
  });
});

describe('templateComponentExamples', () => {
  it.each(Object.entries(templateComponentExamples))('are valid requests: %s', (_name, body) => {
    expect(problemsOf(body)).toEqual([]);
  });
});
