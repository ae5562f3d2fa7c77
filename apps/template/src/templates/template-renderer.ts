import {
  MAX_TEMPLATE_BODY_VALUE_LENGTH,
  MAX_TEMPLATE_BUTTON_URL_LENGTH,
  MAX_TEMPLATE_COUPON_CODE_LENGTH,
  MAX_TEMPLATE_HEADER_VALUE_LENGTH,
  MAX_TEMPLATE_OTP_LENGTH,
  MAX_TEMPLATE_PAYLOAD_LENGTH,
  type OutboundMessage,
  type OutboundTemplateComponent,
  type OutboundTemplateParameter,
  type RejectionCode,
  type SendMessageDto,
  type TemplateButtonValueDto,
  type TemplateCardValuesDto,
  type TemplateValueDto,
} from '@herald/contracts';
import type { GraphTemplateButton, GraphTemplateComponent } from '@herald/whatsapp';

export type ParameterFormat = 'POSITIONAL' | 'NAMED';

export interface RenderableTemplate {
  name: string;
  language: string;
  status: string;
  /** AUTHENTICATION templates carry a one-time password in their body and button. */
  category?: string;
  /** NAMED: `{{first_name}}` placeholders, filled by name. POSITIONAL (the default): `{{1}}`..`{{n}}`. */
  parameterFormat?: ParameterFormat;
  components: GraphTemplateComponent[];
}

export type Rendering =
  | { ok: true; outbound: OutboundMessage; renderedText: string }
  | { ok: false; code: RejectionCode; message: string };

const placeholder = /\{\{(\d+)\}\}/g;
const namedPlaceholder = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g;
const headerKinds: Record<string, 'image' | 'document' | 'video'> = { IMAGE: 'image', DOCUMENT: 'document', VIDEO: 'video' };

/** How many values a text with `{{1}}`..`{{n}}` takes: its highest placeholder number. */
export function placeholderCount(text: string | undefined): number {
  return Math.max(0, ...[...(text ?? '').matchAll(placeholder)].map((match) => Number(match[1])));
}

/** The distinct `{{name}}` placeholders of a text, in the order they first appear. */
export function namedPlaceholders(text: string | undefined): string[] {
  return [...new Set([...(text ?? '').matchAll(namedPlaceholder)].map((match) => match[1]))];
}

/** Fills `{{n}}` in one pass, so a value that itself contains `{{2}}` stays as written. Values keep their text exactly. */
export function fillPlaceholders(text: string, values: string[]): string {
  return text.replace(placeholder, (whole, index: string) => values[Number(index) - 1] ?? whole);
}

/** Fills `{{name}}` in one pass. */
export function fillNamedPlaceholders(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(namedPlaceholder, (whole, name: string) => values.get(name) ?? whole);
}

/** WhatsApp's own limits on a template parameter's text. */
export function parameterProblem(value: string): string | null {
  if (/[\n\t]/.test(value)) return 'contains a newline or a tab';
  if (/ {5,}/.test(value)) return 'has more than four consecutive spaces';
  return null;
}

/**
 * A value that does not fit the template: the reason a message is refused, naming the field it is about. Thrown
 * inside the renderer and turned into a Rendering by renderTemplate, so each check reads as one line.
 */
class Refusal extends Error {
  constructor(
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
  }
}

function refuse(code: RejectionCode, message: string): never {
  throw new Refusal(code, message);
}

/** One placeholder's value as the template service fills it. */
interface Value {
  name?: string;
  parameter: OutboundTemplateParameter;
  /** What the customer reads in its place. */
  shown: string;
}

/** A template (or one carousel card): its header, body and buttons, and how its placeholders are filled. */
interface Part {
  /** How refusals name the part: `` for the template, `carousel[1].` for a card. */
  where: string;
  template: RenderableTemplate;
  format: ParameterFormat;
  components: GraphTemplateComponent[];
}

/**
 * A template message, checked and rendered: the header's value or media, the body's values (by position or by
 * name; text, currency or date_time), each button's value and each carousel card's, matched to the template and
 * built into the Graph API components Meta's reference shows. Every refusal has a reason code and names the field
 * it is about, before anything is sent.
 */
export function renderTemplate(template: RenderableTemplate, request: SendMessageDto): Rendering {
  if (template.status !== 'APPROVED') {
    return { ok: false, code: 'template_not_approved', message: `Template ${template.name} (${template.language}) is ${template.status}, not approved` };
  }
  try {
    return build(template, request);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

function build(template: RenderableTemplate, request: SendMessageDto): Rendering {
  const part: Part = { where: '', template, format: template.parameterFormat ?? 'POSITIONAL', components: template.components };
  const extension = request.template_parameters;
  const body = find(part, 'BODY');
  const isAuthentication = template.category === 'AUTHENTICATION';
  const otp = extension?.buttons?.find((button) => button.otp !== undefined)?.otp;
  const bodyValues =
    extension?.body ??
    request.template_values?.map((text): TemplateValueDto => ({ text })) ??
    (request.content?.text !== undefined && bodyTakesValues(part, body)
      ? [{ text: request.content.text }]
      : isAuthentication && otp !== undefined
        ? [{ text: otp }]
        : []);

  if (isAuthentication && bodyValues.length === 0 && bodyTakesValues(part, body)) {
    const index = Math.max(0, (find(part, 'BUTTONS')?.buttons ?? []).findIndex((button) => needOf(button, true) === 'otp'));
    refuse('template_parameter_missing', `buttons[${index}] needs its otp parameter: the one-time password of ${template.name}, also its body's {{1}}`);
  }
  const components: OutboundTemplateComponent[] = [];
  const header = headerComponent(part, extension?.header, request);
  if (header) components.push(header);
  const filledBody = bodyComponent(part, bodyValues, isAuthentication ? MAX_TEMPLATE_OTP_LENGTH : MAX_TEMPLATE_BODY_VALUE_LENGTH);
  if (filledBody.component) components.push(filledBody.component);
  const code = isAuthentication ? filledBody.values.find((value) => value.parameter.type === 'text')?.parameter.text : undefined;
  components.push(...buttonComponents(part, extension?.buttons ?? [], code));
  const carousel = carouselComponent(part, extension?.carousel);
  if (carousel) components.push(carousel);
  return {
    ok: true,
    outbound: { kind: 'template', template: { name: template.name, language: template.language, components } },
    renderedText: filledBody.text,
  };
}

const find = (part: Part, type: GraphTemplateComponent['type']) => part.components.find((component) => component.type === type);

/** The placeholders of a text: names for a NAMED template, `1`..`n` otherwise. */
function placeholdersOf(part: Part, text: string | undefined): string[] {
  if (part.format === 'NAMED') return namedPlaceholders(text);
  return Array.from({ length: placeholderCount(text) }, (_, index) => String(index + 1));
}

const bodyTakesValues = (part: Part, body: GraphTemplateComponent | undefined) => placeholdersOf(part, body?.text).length > 0;

/** The header's parameter: its media (content.url, or a card's header), or its text placeholder's value. */
function headerComponent(
  part: Part,
  value: { name?: string; text: string } | undefined,
  request: SendMessageDto,
): OutboundTemplateComponent | undefined {
  const header = find(part, 'HEADER');
  const mediaKind = header?.format ? headerKinds[header.format] : undefined;
  if (mediaKind) {
    if (!request.content?.url) {
      refuse('template_media_missing', `Template ${part.template.name} has a ${mediaKind} header: content.url is required`);
    }
    if (request.type !== mediaKind) {
      refuse('template_media_mismatch', `Template ${part.template.name} has a ${mediaKind} header, the request is of type ${request.type}`);
    }
    const media = { link: request.content.url, ...(mediaKind === 'document' && request.content.filename ? { filename: request.content.filename } : {}) };
    return { type: 'header', parameters: [{ type: mediaKind, [mediaKind]: media }] };
  }
  if (request.type !== 'text') {
    refuse('template_media_mismatch', `Template ${part.template.name} has no media header, the request is of type ${request.type}`);
  }
  const names = header?.format === 'TEXT' ? placeholdersOf(part, header.text) : [];
  if (names.length === 0) {
    if (value) refuse('template_parameter_unknown', `template_parameters.header: template ${part.template.name} has no header placeholder to fill`);
    return undefined;
  }
  if (!value) {
    refuse('template_parameter_missing', `header (TEXT) needs its value {{${names[0]}}} in template_parameters.header`);
  }
  const name = names[0];
  if (value.name !== undefined && (part.format !== 'NAMED' || value.name !== name)) {
    refuse('template_parameter_unknown', `template_parameters.header.name: the header's placeholder is {{${name}}}, not ${value.name}`);
  }
  checkText('template_parameters.header.text', value.text, MAX_TEMPLATE_HEADER_VALUE_LENGTH);
  return { type: 'header', parameters: [{ type: 'text', text: value.text, ...(part.format === 'NAMED' ? { parameter_name: name } : {}) }] };
}

/** A text parameter: on one line, as WhatsApp requires, and within its limit. */
function checkText(field: string, text: string, maxLength: number): void {
  const problem = parameterProblem(text);
  if (problem) refuse('template_parameter_invalid', `${field} ${problem}`);
  checkLength(field, text, maxLength);
}

function checkLength(field: string, text: string, maxLength: number): void {
  if (text.length > maxLength) refuse('template_parameter_too_long', `${field} is ${text.length} characters; WhatsApp takes at most ${maxLength}`);
}

/** The body's values, matched to its placeholders by position or by name; its component and the text it shows. */
function bodyComponent(
  part: Part,
  given: TemplateValueDto[],
  maxLength: number,
): { component?: OutboundTemplateComponent; values: Value[]; text: string } {
  const body = find(part, 'BODY');
  const names = placeholdersOf(part, body?.text);
  const field = (index: number) => `${part.where}body[${index}]`;
  const values = given.map((value, index): Value => {
    if (value.text !== undefined) checkText(`${field(index)}.text`, value.text, maxLength);
    const parameter: OutboundTemplateParameter = value.currency
      ? { type: 'currency', currency: { ...value.currency } }
      : value.date_time
        ? { type: 'date_time', date_time: { ...value.date_time } }
        : { type: 'text', text: value.text ?? '' };
    return { name: value.name, parameter, shown: value.currency?.fallback_value ?? value.date_time?.fallback_value ?? value.text ?? '' };
  });
  const ordered = part.format === 'NAMED' ? byName(part, names, values) : byPosition(part, names, values);
  const component = ordered.length > 0 ? { type: 'body' as const, parameters: ordered.map((value) => value.parameter) } : undefined;
  const text =
    part.format === 'NAMED'
      ? fillNamedPlaceholders(body?.text ?? '', new Map(ordered.map((value) => [value.name ?? '', value.shown])))
      : fillPlaceholders(body?.text ?? '', ordered.map((value) => value.shown));
  return { component, values: ordered, text };
}

function byPosition(part: Part, names: string[], values: Value[]): Value[] {
  const namedIndex = values.findIndex((value) => value.name !== undefined);
  if (namedIndex >= 0) {
    refuse(
      'template_parameter_unknown',
      `${part.where}body[${namedIndex}].name: template ${part.template.name}'s placeholders are positional ({{1}}..{{${names.length}}}), so its values take no name`,
    );
  }
  if (values.length !== names.length) {
    refuse(
      'template_parameter_count_mismatch',
      `${part.where}body: template ${part.template.name} takes ${names.length} value${names.length === 1 ? '' : 's'}, the request gave ${values.length}`,
    );
  }
  return values;
}

/** A NAMED template's values: each with its name, or all without, in the order the placeholders first appear. */
function byName(part: Part, names: string[], values: Value[]): Value[] {
  const field = (index: number) => `${part.where}body[${index}]`;
  if (values.every((value) => value.name === undefined)) {
    if (values.length !== names.length) {
      refuse(
        'template_parameter_count_mismatch',
        `${part.where}body: template ${part.template.name} takes ${names.length} value${names.length === 1 ? '' : 's'} (${names.map((name) => `{{${name}}}`).join(', ')}), the request gave ${values.length}`,
      );
    }
    return values.map((value, index) => ({ ...value, name: names[index], parameter: { ...value.parameter, parameter_name: names[index] } }));
  }
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (value.name === undefined) refuse('template_parameter_invalid', `${field(index)}.name is required: the other values are named`);
    if (!names.includes(value.name)) {
      refuse(
        'template_parameter_unknown',
        `${field(index)}.name: template ${part.template.name} has no placeholder {{${value.name}}}; it has ${names.map((name) => `{{${name}}}`).join(', ') || 'none'}`,
      );
    }
    if (seen.has(value.name)) refuse('template_parameter_invalid', `${field(index)}.name: {{${value.name}}} is given more than once`);
    seen.add(value.name);
  });
  const named = new Map(values.map((value) => [value.name, value]));
  return names.map((name) => {
    const value = named.get(name) ?? refuse('template_parameter_missing', `${part.where}body needs its parameter {{${name}}}`);
    return { ...value, parameter: { ...value.parameter, parameter_name: name } };
  });
}

/** What a button takes: a URL button with `{{1}}` in its address its suffix (an authentication template's: the code). */
type ButtonNeed = 'url_suffix' | 'otp' | 'payload' | 'coupon_code' | null;

function needOf(button: GraphTemplateButton, isAuthentication: boolean): ButtonNeed {
  switch (button.type) {
    case 'URL':
      if (placeholderCount(button.url) === 0) return null;
      return isAuthentication ? 'otp' : 'url_suffix';
    case 'OTP':
      return 'otp';
    case 'QUICK_REPLY':
      return 'payload';
    case 'COPY_CODE':
      return 'coupon_code';
    default:
      return null;
  }
}

const valueKeys = ['url_suffix', 'payload', 'coupon_code', 'otp'] as const;

/** Each button's value, by index: a URL's suffix, a quick reply's payload, a coupon code, a one-time password. */
function buttonComponents(part: Part, given: TemplateButtonValueDto[], code: string | undefined): OutboundTemplateComponent[] {
  const buttons = find(part, 'BUTTONS')?.buttons ?? [];
  const isAuthentication = part.template.category === 'AUTHENTICATION';
  const field = `${part.where}buttons`;
  const seen = new Set<number>();
  for (const value of given) {
    const button = buttons[value.index];
    const key = valueKeys.find((candidate) => value[candidate] !== undefined);
    if (!button) refuse('template_parameter_unknown', `${field}[${value.index}]: template ${part.template.name} has no button at index ${value.index}`);
    if (seen.has(value.index)) refuse('template_parameter_invalid', `${field}[${value.index}] is given more than once`);
    seen.add(value.index);
    const need = needOf(button, isAuthentication);
    if (key !== need) {
      refuse(
        'template_parameter_unknown',
        `${field}[${value.index}] (${button.type}) ${need ? `takes its ${need}` : 'takes no value'}${key ? `, not ${key}` : ''}`,
      );
    }
  }
  const components: OutboundTemplateComponent[] = [];
  buttons.forEach((button, index) => {
    const need = needOf(button, isAuthentication);
    const value = given.find((candidate) => candidate.index === index);
    const name = `${field}[${index}] (${button.type})`;
    if (need === 'url_suffix') {
      const suffix = value?.url_suffix ?? refuse('template_parameter_missing', `${name} needs its url_suffix parameter`);
      const url = (button.url ?? '').replace('{{1}}', suffix);
      if (url.length > MAX_TEMPLATE_BUTTON_URL_LENGTH) {
        refuse('template_parameter_too_long', `${name}.url_suffix makes an address of ${url.length} characters; WhatsApp takes at most ${MAX_TEMPLATE_BUTTON_URL_LENGTH}`);
      }
      checkText(`${name}.url_suffix`, suffix, MAX_TEMPLATE_BUTTON_URL_LENGTH);
      components.push(buttonComponent('url', index, { type: 'text', text: suffix }));
    } else if (need === 'otp') {
      const otp = value?.otp ?? code ?? refuse('template_parameter_missing', `${name} needs its otp parameter (the one-time password, also the body's {{1}})`);
      if (code !== undefined && otp !== code) refuse('template_parameter_invalid', `${name}.otp differs from the code in the body`);
      checkText(`${name}.otp`, otp, MAX_TEMPLATE_OTP_LENGTH);
      // Meta sends an authentication template's code in a url button whatever kind of one-time-password button it is.
      components.push(buttonComponent('url', index, { type: 'text', text: otp }));
    } else if (need === 'coupon_code') {
      const coupon = value?.coupon_code ?? refuse('template_parameter_missing', `${name} needs its coupon_code parameter`);
      checkText(`${name}.coupon_code`, coupon, MAX_TEMPLATE_COUPON_CODE_LENGTH);
      components.push(buttonComponent('copy_code', index, { type: 'coupon_code', coupon_code: coupon }));
    } else if (need === 'payload' && value?.payload !== undefined) {
      checkLength(`${name}.payload`, value.payload, MAX_TEMPLATE_PAYLOAD_LENGTH);
      components.push(buttonComponent('quick_reply', index, { type: 'payload', payload: value.payload }));
    }
  });
  return components;
}

const buttonComponent = (
  subType: 'url' | 'quick_reply' | 'copy_code',
  index: number,
  parameter: OutboundTemplateParameter,
): OutboundTemplateComponent => ({ type: 'button', sub_type: subType, index: String(index), parameters: [parameter] });

/** A carousel's cards, one value set per card of the template, each filled as a template is. */
function carouselComponent(part: Part, given: TemplateCardValuesDto[] | undefined): OutboundTemplateComponent | undefined {
  const cards = find(part, 'CAROUSEL')?.cards;
  if (!cards) {
    if (given) refuse('template_parameter_unknown', `template_parameters.carousel: template ${part.template.name} has no carousel`);
    return undefined;
  }
  if (!given || given.length !== cards.length) {
    refuse(
      'template_carousel_mismatch',
      `template_parameters.carousel: template ${part.template.name} has ${cards.length} cards, the request gave ${given?.length ?? 0}`,
    );
  }
  return {
    type: 'carousel',
    cards: cards.map((card, cardIndex) => {
      const matching = given.filter((value) => value.card_index === cardIndex);
      if (matching.length !== 1) {
        refuse('template_carousel_mismatch', `template_parameters.carousel needs card_index ${cardIndex} once (given ${matching.length} times)`);
      }
      const values = matching[0];
      const cardPart: Part = { ...part, where: `carousel[${cardIndex}].`, components: card.components };
      const components: OutboundTemplateComponent[] = [];
      const header = find(cardPart, 'HEADER');
      const mediaKind = header?.format ? headerKinds[header.format] : undefined;
      if (mediaKind) {
        const media = values.header.id !== undefined ? { id: values.header.id } : { link: values.header.url };
        components.push({ type: 'header', parameters: [{ type: mediaKind, [mediaKind]: media }] });
      }
      const body = bodyComponent(cardPart, values.body ?? [], MAX_TEMPLATE_BODY_VALUE_LENGTH);
      if (body.component) components.push(body.component);
      components.push(...buttonComponents(cardPart, values.buttons ?? [], undefined));
      return { card_index: cardIndex, components };
    }),
  };
}
