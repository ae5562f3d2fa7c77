import { GraphApiError } from '../graph/graph-api.error';
import {
  MAX_COUPON_CODE_LENGTH,
  type TemplateMessageComponentDto,
  type TemplateParameterDto,
} from '../messages/send-message.dto';
import type { SandboxMessageTemplate, SandboxTemplateButton, SandboxTemplateComponent } from './sandbox-template';

type ParameterFormat = NonNullable<SandboxMessageTemplate['parameter_format']>;

const mediaHeaderFormats = ['IMAGE', 'DOCUMENT', 'VIDEO'] as const;
/** What a body placeholder takes (Meta's OpenAPI description, BodyComponent); a text header takes text only. */
const bodyParameterTypes = ['text', 'currency', 'date_time'];

/** The `sub_type` a send gives each kind of template button; a phone number button takes none. */
const subTypeOf: Record<SandboxTemplateButton['type'], string | undefined> = {
  URL: 'url',
  QUICK_REPLY: 'quick_reply',
  COPY_CODE: 'copy_code',
  PHONE_NUMBER: undefined,
};

/** Meta names button types this way in its answers ("Button at index 0 of type Url"). */
const labelOf = (type: string) => type.charAt(0) + type.slice(1).toLowerCase();

/** The distinct `{{n}}` placeholders of a template text. */
export function placeholderCount(text: string | undefined): number {
  return new Set([...(text ?? '').matchAll(/\{\{\s*(\d+)\s*\}\}/g)].map((match) => match[1])).size;
}

/** The distinct `{{name}}` placeholders of a template text whose parameter_format is NAMED, in order. */
export function namedPlaceholders(text: string | undefined): string[] {
  return [...new Set([...(text ?? '').matchAll(/\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g)].map((match) => match[1]))];
}

/**
 * Checks that a send's components fill a template as Meta requires: each header and body placeholder with one value
 * of a kind it takes (by position or, for a NAMED template, by name), a media header with its media, each button that
 * needs a value with one of the right kind, and a carousel with one card per template card, each filled the same
 * way. Throws the error Meta answers with.
 */
export function assertComponentsFit(template: SandboxMessageTemplate, sent: readonly TemplateMessageComponentDto[]): void {
  const format = template.parameter_format ?? 'POSITIONAL';
  const carousel = template.components.find((component) => component.type === 'CAROUSEL');
  const sentCarousel = sent.find((component) => component.type === 'carousel');
  if (!carousel && sentCarousel) throw GraphApiError.invalidParameter(`carousel: template ${template.name} has no carousel`);
  assertPartsFit(template.components, sent, format, '');
  if (carousel) assertCarouselFits(carousel.cards ?? [], sentCarousel, format);
  if (template.category === 'AUTHENTICATION') assertCodeLength(sent);
}

function assertPartsFit(
  stored: readonly SandboxTemplateComponent[],
  sent: readonly TemplateMessageComponentDto[],
  format: ParameterFormat,
  where: string,
): void {
  const parametersOf = (type: 'header' | 'body') =>
    sent.filter((component) => component.type === type).flatMap((component) => component.parameters ?? []);

  const header = stored.find((component) => component.type === 'HEADER');
  const headerParameters = parametersOf('header');
  const mediaFormat = mediaHeaderFormats.find((mediaHeader) => mediaHeader === header?.format);
  if (mediaFormat) {
    const given = headerParameters[0]?.type.toUpperCase() ?? 'UNKNOWN';
    if (headerParameters.length !== 1 || given !== mediaFormat) {
      throw GraphApiError.templateParameterFormatMismatch(
        `${where}header: Format mismatch, expected ${mediaFormat}, received ${given}`,
      );
    }
  } else {
    assertTextParameters(`${where}header`, header?.text, headerParameters, format, ['text']);
  }

  const body = stored.find((component) => component.type === 'BODY');
  assertTextParameters(`${where}body`, body?.text, parametersOf('body'), format, bodyParameterTypes);

  const buttons = stored.find((component) => component.type === 'BUTTONS')?.buttons ?? [];
  assertButtonsFit(
    buttons,
    sent.filter((component) => component.type === 'button'),
    where,
  );
}

function assertTextParameters(
  part: string,
  text: string | undefined,
  given: readonly TemplateParameterDto[],
  format: ParameterFormat,
  takes: readonly string[],
): void {
  const wrongKind = given.find((parameter) => !takes.includes(parameter.type));
  if (wrongKind) {
    throw GraphApiError.templateParameterFormatMismatch(
      `${part}: Format mismatch, expected ${takes.map((type) => type.toUpperCase()).join(' or ')}, received ${wrongKind.type.toUpperCase()}`,
    );
  }
  if (format === 'NAMED') {
    const names = namedPlaceholders(text);
    const unnamed = given.find((parameter) => parameter.parameter_name === undefined);
    if (unnamed) {
      throw GraphApiError.templateParameterFormatMismatch(
        `${part}: the template's parameters are named (${names.map((name) => `{{${name}}}`).join(', ')}), so each value needs its parameter_name`,
      );
    }
    assertParameterCount(part, given.length, names.length);
    const missing = names.find((name) => !given.some((parameter) => parameter.parameter_name === name));
    // With as many values as names, a name missing means another value's name is not the template's.
    if (missing) {
      throw GraphApiError.requiredParameterMissing(`${part}: parameter_name ${missing} is missing`);
    }
    return;
  }
  const named = given.find((parameter) => parameter.parameter_name !== undefined);
  if (named) {
    throw GraphApiError.templateParameterFormatMismatch(
      `${part}: the template's parameters are positional ({{1}}, {{2}}...), so parameter_name (${named.parameter_name}) is not expected`,
    );
  }
  assertParameterCount(part, given.length, placeholderCount(text));
}

function assertParameterCount(part: string, given: number, expected: number): void {
  if (given !== expected) {
    throw GraphApiError.templateParameterCountMismatch(
      `${part}: number of localizable_params (${given}) does not match the expected number of params (${expected})`,
    );
  }
}

function assertButtonsFit(
  buttons: readonly SandboxTemplateButton[],
  sent: readonly TemplateMessageComponentDto[],
  where: string,
): void {
  for (const component of sent) {
    const index = Number(component.index);
    const button = buttons[index];
    if (!button) {
      throw GraphApiError.invalidParameter(`${where}buttons: the template has no button at index ${index}`);
    }
    if (subTypeOf[button.type] !== component.sub_type?.toLowerCase()) {
      throw GraphApiError.templateParameterFormatMismatch(
        `${where}buttons: Button at index ${index} is of type ${labelOf(button.type)}, not ${component.sub_type}`,
      );
    }
    if (sent.filter((other) => Number(other.index) === index).length > 1) {
      throw GraphApiError.invalidParameter(`${where}buttons: Button at index ${index} is given more than once`);
    }
  }
  buttons.forEach((button, index) => {
    const parameters = sent.find((component) => Number(component.index) === index)?.parameters ?? [];
    const named = `${where}buttons: Button at index ${index} of type ${labelOf(button.type)}`;
    if (button.type === 'URL') {
      const expected = placeholderCount(button.url);
      if (expected > 0 && parameters.length === 0) {
        throw GraphApiError.requiredParameterMissing(`${named} requires a parameter`);
      }
      if (parameters.length !== expected) {
        throw GraphApiError.templateParameterCountMismatch(
          `${named}: number of localizable_params (${parameters.length}) does not match the expected number of params (${expected})`,
        );
      }
      assertKinds(named, parameters, 'text');
    } else if (button.type === 'COPY_CODE') {
      if (parameters.length === 0) throw GraphApiError.requiredParameterMissing(`${named} requires a parameter`);
      if (parameters.length > 1) throw GraphApiError.templateParameterCountMismatch(`${named} takes one parameter`);
      assertKinds(named, parameters, 'coupon_code');
    } else if (button.type === 'QUICK_REPLY') {
      if (parameters.length > 1) throw GraphApiError.templateParameterCountMismatch(`${named} takes one parameter`);
      assertKinds(named, parameters, 'payload');
    }
  });
}

function assertKinds(named: string, parameters: readonly TemplateParameterDto[], kind: string): void {
  const wrong = parameters.find((parameter) => parameter.type !== kind);
  if (wrong) {
    throw GraphApiError.templateParameterFormatMismatch(
      `${named}: Format mismatch, expected ${kind.toUpperCase()}, received ${wrong.type.toUpperCase()}`,
    );
  }
}

function assertCarouselFits(
  cards: ReadonlyArray<{ components: SandboxTemplateComponent[] }>,
  sent: TemplateMessageComponentDto | undefined,
  format: ParameterFormat,
): void {
  if (!sent) {
    throw GraphApiError.requiredParameterMissing(
      `carousel: the template's ${cards.length} cards need a carousel component with their parameters`,
    );
  }
  const sentCards = sent.cards ?? [];
  if (sentCards.length !== cards.length) {
    throw GraphApiError.templateParameterCountMismatch(
      `carousel: number of cards (${sentCards.length}) does not match the expected number of cards (${cards.length})`,
    );
  }
  cards.forEach((card, index) => {
    const matching = sentCards.filter((sentCard) => sentCard.card_index === index);
    if (matching.length !== 1) {
      throw GraphApiError.invalidParameter(
        `carousel: cards need card_index 0 to ${cards.length - 1}, each once (card_index ${index} is given ${matching.length} times)`,
      );
    }
    const components = matching[0].components;
    if (components.some((component) => component.type === 'carousel')) {
      throw GraphApiError.invalidParameter(`carousel.cards[${index}]: a card cannot hold a carousel`);
    }
    assertPartsFit(card.components, components, format, `carousel.cards[${index}].`);
  });
}

/** An authentication template's code, in its body and its one-time-password button, is at most 15 characters. */
function assertCodeLength(sent: readonly TemplateMessageComponentDto[]): void {
  for (const component of sent) {
    const tooLong = component.parameters?.find(
      (parameter) => parameter.type === 'text' && (parameter.text?.length ?? 0) > MAX_COUPON_CODE_LENGTH,
    );
    if (tooLong) {
      throw GraphApiError.parameterValueInvalid(
        `${component.type}: an authentication code is at most ${MAX_COUPON_CODE_LENGTH} characters`,
      );
    }
  }
}
