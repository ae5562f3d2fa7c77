import {
  MAX_TEMPLATE_BODY_VALUE_LENGTH,
  MAX_TEMPLATE_BUTTON_URL_LENGTH,
  MAX_TEMPLATE_COUPON_CODE_LENGTH,
  MAX_TEMPLATE_HEADER_VALUE_LENGTH,
  MAX_TEMPLATE_OTP_LENGTH,
  type OutboundTemplateComponent,
  type TemplateButtonValueDto,
  type TemplateCardValuesDto,
  type TemplateParametersDto,
  type TemplateValueDto,
} from '@herald/contracts';
import fc from 'fast-check';
import { deliveryUpdate, loginCode, springCollection, templateRequest, welcomeCoupon } from './template-components.fixtures';
import { type RenderableTemplate, renderTemplate } from './template-renderer';

/**
 * Template values generated around every limit, judged twice: by the renderer, and by the oracle below, written from
 * WhatsApp's published rules alone (each placeholder filled once, text on one line, the header's 60 characters, the
 * body's 1,024, an address of 2,000, a code of 15). What the renderer accepts, the oracle finds nothing wrong with;
 * what it refuses, the oracle finds wrong too, and the refusal names a field the oracle blames.
 */

/** A length at the limit, just over or under it, or (most often, so valid values come up) in between. */
const lengthAround = (limit: number) =>
  fc.oneof({ arbitrary: fc.integer({ min: 1, max: Math.min(limit, 40) }), weight: 6 }, { arbitrary: fc.integer({ min: limit - 1, max: limit + 1 }), weight: 3 });
/** Text of a length, sometimes broken by a newline or five spaces, which WhatsApp refuses in a parameter. */
const textAround = (limit: number) =>
  fc.tuple(lengthAround(limit), fc.oneof({ arbitrary: fc.constant(''), weight: 12 }, { arbitrary: fc.constantFrom('\n', '     '), weight: 1 }), fc.constantFrom('a', 'é', 'Z7')).map(([length, flaw, unit]) => {
    const text = unit.repeat(length).slice(0, length);
    return flaw ? `${flaw}${text}`.slice(0, Math.max(length, flaw.length)) : text;
  });
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 8 });

const URL_BASE_LENGTH = 'https://shop.example.com/track/'.length;
const CARD_URL_BASE_LENGTH = 'https://shop.example.com/products/'.length;

/** What the oracle finds wrong, as `field: why`; empty when WhatsApp would take the values. */
type Blame = string[];

const isSingleLine = (text: string) => !/[\n\t]/.test(text) && !/ {5,}/.test(text);
const blameText = (field: string, text: string, limit: number): Blame =>
  [...(isSingleLine(text) ? [] : [`${field}: not on one line`]), ...(text.length > limit ? [`${field}: too long`] : [])];

const deliveryNames = ['first_name', 'tracking_number', 'delivery_date'];

const deliveryCase = fc.record({
  header: maybe(textAround(MAX_TEMPLATE_HEADER_VALUE_LENGTH)),
  body: fc
    .oneof(
      { arbitrary: fc.shuffledSubarray(deliveryNames, { minLength: 3 }), weight: 6 },
      { arbitrary: fc.array(fc.constantFrom(...deliveryNames, 'delivery_day'), { minLength: 1, maxLength: 4 }), weight: 2 },
    )
    .chain((names) => fc.tuple(...names.map((name) => textAround(MAX_TEMPLATE_BODY_VALUE_LENGTH).map((text) => ({ name, text }))))),
  suffix: maybe(textAround(MAX_TEMPLATE_BUTTON_URL_LENGTH - URL_BASE_LENGTH)),
  payload: maybe(fc.constantFrom('RESCHEDULE', 'LATER')),
});

type DeliveryCase = typeof deliveryCase extends fc.Arbitrary<infer T> ? T : never;

function deliveryBlame(values: DeliveryCase): Blame {
  const blame: Blame = [];
  if (values.header === undefined) blame.push('header: missing');
  else blame.push(...blameText('template_parameters.header.text', values.header, MAX_TEMPLATE_HEADER_VALUE_LENGTH));
  values.body.forEach(({ name, text }, index) => {
    blame.push(...blameText(`body[${index}].text`, text, MAX_TEMPLATE_BODY_VALUE_LENGTH));
    if (!deliveryNames.includes(name)) blame.push(`body[${index}].name: unknown`);
    if (values.body.findIndex((other) => other.name === name) !== index) blame.push(`body[${index}].name: twice`);
  });
  for (const name of deliveryNames) if (!values.body.some((value) => value.name === name)) blame.push(`body: {{${name}}} missing`);
  if (values.suffix === undefined) blame.push('buttons[0] (URL): missing');
  else {
    blame.push(...blameText('buttons[0] (URL).url_suffix', values.suffix, MAX_TEMPLATE_BUTTON_URL_LENGTH));
    if (URL_BASE_LENGTH + values.suffix.length > MAX_TEMPLATE_BUTTON_URL_LENGTH) blame.push('buttons[0] (URL).url_suffix: address too long');
  }
  return blame;
}

const deliveryParameters = (values: DeliveryCase): TemplateParametersDto => ({
  ...(values.header !== undefined ? { header: { text: values.header } } : {}),
  body: values.body,
  buttons: [
    ...(values.suffix !== undefined ? [{ index: 0, url_suffix: values.suffix }] : []),
    ...(values.payload !== undefined ? [{ index: 1, payload: values.payload }] : []),
  ],
});

const couponCase = fc.record({ name: textAround(MAX_TEMPLATE_BODY_VALUE_LENGTH), coupon: maybe(textAround(MAX_TEMPLATE_COUPON_CODE_LENGTH)) });

type CouponCase = typeof couponCase extends fc.Arbitrary<infer T> ? T : never;

function couponBlame(values: CouponCase): Blame {
  return [
    ...blameText('body[0].text', values.name, MAX_TEMPLATE_BODY_VALUE_LENGTH),
    ...(values.coupon === undefined ? ['buttons[0] (COPY_CODE): missing'] : blameText('buttons[0] (COPY_CODE).coupon_code', values.coupon, MAX_TEMPLATE_COUPON_CODE_LENGTH)),
  ];
}

const otpCase = fc.record({ code: textAround(MAX_TEMPLATE_OTP_LENGTH), where: fc.constantFrom('button', 'values', 'both') });

type OtpCase = typeof otpCase extends fc.Arbitrary<infer T> ? T : never;

/** An authentication code goes in the body and in the button: both must take it. */
function otpBlame(values: OtpCase): Blame {
  const field = values.where === 'button' ? 'buttons[0] (URL).otp' : 'body[0].text';
  return blameText(values.where === 'button' ? 'body[0].text' : field, values.code, MAX_TEMPLATE_OTP_LENGTH);
}

const cardCase = fc.record({
  card_index: fc.integer({ min: 0, max: 2 }),
  body: fc.oneof(
    { arbitrary: fc.array(textAround(MAX_TEMPLATE_BODY_VALUE_LENGTH), { minLength: 2, maxLength: 2 }), weight: 6 },
    { arbitrary: fc.array(textAround(MAX_TEMPLATE_BODY_VALUE_LENGTH), { minLength: 1, maxLength: 3 }), weight: 1 },
  ),
  suffix: maybe(textAround(MAX_TEMPLATE_BUTTON_URL_LENGTH - CARD_URL_BASE_LENGTH)),
});
type CardCase = typeof cardCase extends fc.Arbitrary<infer T> ? T : never;
const carouselCase = fc.oneof(
  { arbitrary: fc.tuple(cardCase, cardCase).map(([first, second]) => [{ ...first, card_index: 0 }, { ...second, card_index: 1 }]), weight: 6 },
  { arbitrary: fc.array(cardCase, { minLength: 1, maxLength: 3 }), weight: 1 },
);

function carouselBlame(cards: CardCase[]): Blame {
  const blame: Blame = [];
  if (cards.length !== 2 || !cards.some((card) => card.card_index === 0) || !cards.some((card) => card.card_index === 1)) blame.push('template_parameters.carousel: cards');
  for (const card of cards) {
    const where = `carousel[${card.card_index}].`;
    card.body.forEach((text, index) => blame.push(...blameText(`${where}body[${index}].text`, text, MAX_TEMPLATE_BODY_VALUE_LENGTH)));
    if (card.body.length !== 2) blame.push(`${where}body: count`);
    if (card.suffix === undefined) blame.push(`${where}buttons[1] (URL): missing`);
    else {
      blame.push(...blameText(`${where}buttons[1] (URL).url_suffix`, card.suffix, MAX_TEMPLATE_BUTTON_URL_LENGTH));
      if (CARD_URL_BASE_LENGTH + card.suffix.length > MAX_TEMPLATE_BUTTON_URL_LENGTH) blame.push(`${where}buttons[1] (URL).url_suffix: address too long`);
    }
  }
  return blame;
}

const carouselParameters = (cards: CardCase[]): TemplateCardValuesDto[] =>
  cards.map((card) => ({
    card_index: card.card_index,
    header: { url: 'https://shop.example.com/a.jpg' },
    body: card.body.map((text): TemplateValueDto => ({ text })),
    buttons: card.suffix !== undefined ? [{ index: 1, url_suffix: card.suffix }] : [],
  }));

/** What WhatsApp checks of the components it is sent, from its published rules. */
function componentBlame(template: RenderableTemplate, components: OutboundTemplateComponent[], where = ''): Blame {
  const blame: Blame = [];
  const isAuthentication = template.category === 'AUTHENTICATION';
  for (const component of components) {
    if (component.type === 'carousel') {
      component.cards?.forEach((card) => blame.push(...componentBlame(template, card.components, `carousel[${card.card_index}].`)));
      continue;
    }
    for (const parameter of component.parameters ?? []) {
      const text = parameter.text ?? parameter.coupon_code ?? parameter.payload ?? '';
      const limit =
        parameter.type === 'coupon_code' || isAuthentication
          ? MAX_TEMPLATE_COUPON_CODE_LENGTH
          : component.type === 'header'
            ? MAX_TEMPLATE_HEADER_VALUE_LENGTH
            : component.type === 'button'
              ? MAX_TEMPLATE_BUTTON_URL_LENGTH - URL_BASE_LENGTH
              : MAX_TEMPLATE_BODY_VALUE_LENGTH;
      if (parameter.type === 'text' || parameter.type === 'coupon_code') blame.push(...blameText(`${where}${component.type}`, text, limit));
    }
  }
  return blame;
}

function judge(template: RenderableTemplate, parameters: TemplateParametersDto | undefined, values: string[] | undefined, blame: Blame): void {
  const rendering = renderTemplate(template, templateRequest({ template_parameters: parameters, template_values: values }));
  if (rendering.ok) {
    expect(blame).toEqual([]);
    expect(componentBlame(template, rendering.outbound.template?.components ?? [])).toEqual([]);
  } else {
    expect(blame).not.toEqual([]);
    const fields = blame.map((entry) => entry.slice(0, entry.lastIndexOf(':')));
    expect(fields.some((field) => rendering.message.includes(field))).toBe(true);
  }
}

describe('template values around every limit', () => {
  const runs = { numRuns: 500 };

  it('a NAMED template with a text header, named body values, a URL suffix and a quick reply', () => {
    fc.assert(fc.property(deliveryCase, (values) => judge(deliveryUpdate, deliveryParameters(values), undefined, deliveryBlame(values))), runs);
  });

  it('a copy code button', () => {
    fc.assert(
      fc.property(couponCase, (values) => {
        const buttons: TemplateButtonValueDto[] = values.coupon !== undefined ? [{ index: 0, coupon_code: values.coupon }] : [];
        judge(welcomeCoupon, { buttons }, [values.name], couponBlame(values));
      }),
      runs,
    );
  });

  it("an authentication template's code, by its button, template_values or both", () => {
    fc.assert(
      fc.property(otpCase, (values) => {
        const parameters = values.where === 'values' ? undefined : { buttons: [{ index: 0, otp: values.code }] };
        judge(loginCode, parameters, values.where === 'button' ? undefined : [values.code], otpBlame(values));
      }),
      runs,
    );
  });

  it('a carousel, its cards counted and each filled', () => {
    fc.assert(fc.property(carouselCase, (cards) => judge(springCollection, { carousel: carouselParameters(cards) }, ['Jo'], carouselBlame(cards))), runs);
  });
});
