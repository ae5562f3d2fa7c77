import type { GraphTemplateParameter, GraphTemplateParameterType, GraphTextObject } from '@herald/whatsapp';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { validateGraphInput } from '../graph/validate-graph-input';
import { InteractiveObjectDto } from './interactive-message.dto';
import {
  AudioObjectDto,
  CaptionedMediaObjectDto,
  DocumentObjectDto,
  MediaObjectDto,
  StickerObjectDto,
} from './media-object.dto';
import {
  ContactDto,
  ContactsArray,
  ContextObjectDto,
  LocationObjectDto,
  ReactionObjectDto,
} from './message-kinds.dto';


/** The message kinds the sandbox emulates. */
export const messageKinds = [
  'text',
  'image',
  'document',
  'audio',
  'video',
  'sticker',
  'location',
  'contacts',
  'interactive',
  'reaction',
  'template',
] as const;
export type MessageKind = (typeof messageKinds)[number];

export const MAX_TEXT_BODY_LENGTH = 4096;
export const MAX_CALLBACK_DATA_LENGTH = 512;

/** A phone number as `to` may carry it: digits, optionally a leading plus and the usual separators. */
const phoneNumberCharacters = /^\+?[\d\s().-]+$/;

/** The digits of a phone number: what WhatsApp calls its `wa_id`. */
export function digitsOf(phoneNumber: string): string {
  return phoneNumber.replace(/\D/g, '');
}

const sevenToFifteenDigits = /^\d{7,15}$/;

const HasSevenToFifteenDigits = () =>
  ValidateBy({
    name: 'hasSevenToFifteenDigits',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && sevenToFifteenDigits.test(digitsOf(value)),
      defaultMessage: () =>
        'must be a phone number of 7 to 15 digits (E.164 without the plus), such as 15550001111',
    },
  });

/** Meta refuses template parameter text with a newline or tab, or more than four spaces in a row. */
const multiLineOrWideText = /[\n\t]| {5,}/;

const IsSingleLineParameterText = () =>
  ValidateBy({
    name: 'isSingleLineParameterText',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && !multiLineOrWideText.test(value),
      defaultMessage: () => 'cannot have new-line/tab characters or more than 4 consecutive spaces',
    },
  });

export class TextObjectDto implements GraphTextObject {
  @IsString({ message: 'must be a string' })
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(MAX_TEXT_BODY_LENGTH, { message: `must be at most ${MAX_TEXT_BODY_LENGTH} characters` })
  body: string;

  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  preview_url?: boolean;
}

const templateParameterTypes: GraphTemplateParameterType[] = [
  'text',
  'currency',
  'date_time',
  'image',
  'document',
  'video',
  'payload',
  'coupon_code',
  'action',
];

/** Meta's docs: a copy-code button's coupon code and an authentication code are at most 15 characters. */
export const MAX_COUPON_CODE_LENGTH = 15;

/** A named parameter's name as Meta allows it in `{{name}}`: lower-case letters, digits and underscores. */
export const parameterName = /^[a-z][a-z0-9_]*$/;

export class CurrencyDto {
  @IsString({ message: 'must be a string (required): the text shown if the amount cannot be localised' })
  @MinLength(1, { message: 'must not be empty' })
  fallback_value: string;

  @IsString({ message: 'must be a string (required)' })
  @Matches(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 currency code such as USD' })
  code: string;

  @IsDefined({ message: 'is required: the amount multiplied by 1000' })
  @IsInt({ message: 'must be an integer: the amount multiplied by 1000' })
  amount_1000: number;
}

export class DateTimeDto {
  @IsString({ message: 'must be a string (required): the date as the customer reads it' })
  @MinLength(1, { message: 'must not be empty' })
  fallback_value: string;
}

export class TemplateParameterDto implements GraphTemplateParameter {
  @IsIn(templateParameterTypes, { message: `must be one of ${templateParameterTypes.join(', ')}` })
  type: GraphTemplateParameterType;

  /** The placeholder a value fills in a template whose parameter_format is NAMED (`{{first_name}}`). */
  @IsOptional()
  @IsString({ message: 'must be a string' })
  @Matches(parameterName, { message: 'must be lower-case letters, digits and underscores, starting with a letter' })
  parameter_name?: string;

  @ValidateIf((parameter: TemplateParameterDto) => parameter.type === 'text')
  @IsString({ message: 'must be a string' })
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(MAX_TEXT_BODY_LENGTH, { message: `must be at most ${MAX_TEXT_BODY_LENGTH} characters` })
  @IsSingleLineParameterText()
  text?: string;

  @ValidateIf((parameter: TemplateParameterDto) => parameter.type === 'image')
  @IsObject({ message: 'must be an object (required when type is image)' })
  @ValidateNested()
  @Type(() => MediaObjectDto)
  image?: MediaObjectDto;

  @ValidateIf((parameter: TemplateParameterDto) => parameter.type === 'document')
  @IsObject({ message: 'must be an object (required when type is document)' })
  @ValidateNested()
  @Type(() => DocumentObjectDto)
  document?: DocumentObjectDto;

  @ValidateIf((parameter: TemplateParameterDto) => parameter.type === 'video')
  @IsObject({ message: 'must be an object (required when type is video)' })
  @ValidateNested()
  @Type(() => MediaObjectDto)
  video?: MediaObjectDto;

  @ValidateIf((parameter: TemplateParameterDto) => parameter.type === 'payload')
  @IsString({ message: 'must be a string when type is payload' })
  payload?: string;

  @ValidateIf((parameter: TemplateParameterDto) => parameter.type === 'currency')
  @IsObject({ message: 'is required when type is currency' })
  @ValidateNested()
  @Type(() => CurrencyDto)
  currency?: CurrencyDto;

  @ValidateIf((parameter: TemplateParameterDto) => parameter.type === 'date_time')
  @IsObject({ message: 'is required when type is date_time' })
  @ValidateNested()
  @Type(() => DateTimeDto)
  date_time?: DateTimeDto;

  @ValidateIf((parameter: TemplateParameterDto) => parameter.type === 'coupon_code')
  @IsString({ message: 'must be a string when type is coupon_code' })
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(MAX_COUPON_CODE_LENGTH, { message: `must be at most ${MAX_COUPON_CODE_LENGTH} characters` })
  coupon_code?: string;
}

const templateComponentTypes = ['header', 'body', 'button', 'carousel'] as const;
/** Meta's own examples write sub_type in either case (`url`, `COPY_CODE`, `CATALOG`). */
export const buttonSubTypes = ['quick_reply', 'url', 'copy_code', 'flow', 'catalog', 'mpm', 'voice_call'];

const isButtonSubType = (value: unknown) => typeof value === 'string' && buttonSubTypes.includes(value.toLowerCase());

const isButtonIndex = (value: unknown) =>
  (typeof value === 'string' || typeof value === 'number') && /^\d$/.test(String(value));

/** The most cards a carousel template holds (Meta's docs). */
export const MAX_CAROUSEL_CARDS = 10;

export class CarouselCardDto {
  @IsDefined({ message: 'is required: the position of the card, from 0' })
  @IsInt({ message: 'must be an integer from 0 to 9' })
  @Min(0, { message: 'must be an integer from 0 to 9' })
  @Max(MAX_CAROUSEL_CARDS - 1, { message: 'must be an integer from 0 to 9' })
  card_index: number;

  @IsArray({ message: 'must be an array (required)' })
  @ValidateNested({ each: true })
  @Type(() => TemplateMessageComponentDto)
  components: TemplateMessageComponentDto[];
}

/** One component of a templated send; `carousel` (Meta's docs) is beyond libs/whatsapp's GraphTemplateMessageComponent. */
export class TemplateMessageComponentDto {
  @IsIn(templateComponentTypes, { message: `must be one of ${templateComponentTypes.join(', ')}` })
  type: (typeof templateComponentTypes)[number];

  @ValidateIf((component: TemplateMessageComponentDto) => component.type === 'button')
  @ValidateBy({
    name: 'isButtonSubType',
    validator: {
      validate: isButtonSubType,
      defaultMessage: () => 'must be quick_reply, url, copy_code, flow, catalog, mpm or voice_call for a button',
    },
  })
  sub_type?: string;

  @ValidateIf((component: TemplateMessageComponentDto) => component.type === 'button')
  @ValidateBy({
    name: 'isButtonIndex',
    validator: {
      validate: isButtonIndex,
      defaultMessage: () => 'must be the button position, 0 to 9, for a button',
    },
  })
  index?: string | number;

  @IsOptional()
  @IsArray({ message: 'must be an array' })
  @ValidateNested({ each: true })
  @Type(() => TemplateParameterDto)
  parameters?: TemplateParameterDto[];

  @ValidateIf((component: TemplateMessageComponentDto) => component.type === 'carousel')
  @IsArray({ message: 'must be an array of cards (required when type is carousel)' })
  @ArrayMinSize(1, { message: 'must hold at least 1 card' })
  @ArrayMaxSize(MAX_CAROUSEL_CARDS, { message: `must hold at most ${MAX_CAROUSEL_CARDS} cards` })
  @ValidateNested({ each: true })
  @Type(() => CarouselCardDto)
  cards?: CarouselCardDto[];
}

const languageCode = /^[a-z]{2,3}(_[A-Za-z]{2,4})?$/;

export class TemplateLanguageDto {
  @IsString({ message: 'must be a string' })
  @Matches(languageCode, { message: 'must be a language code such as en_US or es' })
  code: string;

  @IsOptional()
  @IsIn(['deterministic'], { message: 'must be deterministic' })
  policy?: 'deterministic';
}

export class TemplateObjectDto {
  @IsString({ message: 'must be a string' })
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(512, { message: 'must be at most 512 characters' })
  name: string;

  @IsObject({ message: 'is required, such as {"code":"en_US"}' })
  @ValidateNested()
  @Type(() => TemplateLanguageDto)
  language: TemplateLanguageDto;

  @IsOptional()
  @IsArray({ message: 'must be an array' })
  @ValidateNested({ each: true })
  @Type(() => TemplateMessageComponentDto)
  components?: TemplateMessageComponentDto[];
}

/** Which kind a send is: Meta takes a send without `type` as text. */
export function kindOf(request: Pick<SendMessageRequestDto, 'type'>): string {
  return request.type ?? 'text';
}

const requiredFor = (kind: MessageKind) => (request: SendMessageRequestDto) => kindOf(request) === kind;

/** The body of `POST /{version}/{phone-number-id}/messages`, for the kinds the sandbox emulates. */
export class SendMessageRequestDto {
  @Equals('whatsapp', { message: 'must be "whatsapp"' })
  messaging_product: 'whatsapp';

  @IsOptional()
  @Equals('individual', { message: 'must be "individual"' })
  recipient_type?: 'individual';

  @IsString({ message: 'must be a string' })
  @Matches(phoneNumberCharacters, { message: 'must be a phone number: digits, optionally with a leading +' })
  @HasSevenToFifteenDigits()
  to: string;

  @IsOptional()
  @IsIn(messageKinds, {
    message: `must be one of ${messageKinds.join(', ')} (the kinds the sandbox emulates)`,
  })
  type?: MessageKind;

  /** Echoed on every status webhook of the message. */
  @IsOptional()
  @IsString({ message: 'must be a string' })
  @MaxLength(MAX_CALLBACK_DATA_LENGTH, { message: `must be at most ${MAX_CALLBACK_DATA_LENGTH} characters` })
  biz_opaque_callback_data?: string;

  /** A reply quotes an earlier message: `{"message_id":"wamid..."}`, on a message of any kind. */
  @IsOptional()
  @IsObject({ message: 'must be an object such as {"message_id":"wamid..."}' })
  @ValidateNested()
  @Type(() => ContextObjectDto)
  context?: ContextObjectDto;

  @ValidateIf(requiredFor('text'))
  @IsObject({ message: 'must be an object (required when type is text)' })
  @ValidateNested()
  @Type(() => TextObjectDto)
  text?: TextObjectDto;

  @ValidateIf(requiredFor('image'))
  @IsObject({ message: 'must be an object (required when type is image)' })
  @ValidateNested()
  @Type(() => CaptionedMediaObjectDto)
  image?: CaptionedMediaObjectDto;

  @ValidateIf(requiredFor('document'))
  @IsObject({ message: 'must be an object (required when type is document)' })
  @ValidateNested()
  @Type(() => DocumentObjectDto)
  document?: DocumentObjectDto;

  @ValidateIf(requiredFor('audio'))
  @IsObject({ message: 'must be an object (required when type is audio)' })
  @ValidateNested()
  @Type(() => AudioObjectDto)
  audio?: AudioObjectDto;

  @ValidateIf(requiredFor('video'))
  @IsObject({ message: 'must be an object (required when type is video)' })
  @ValidateNested()
  @Type(() => CaptionedMediaObjectDto)
  video?: CaptionedMediaObjectDto;

  @ValidateIf(requiredFor('sticker'))
  @IsObject({ message: 'must be an object (required when type is sticker)' })
  @ValidateNested()
  @Type(() => StickerObjectDto)
  sticker?: StickerObjectDto;

  @ValidateIf(requiredFor('location'))
  @IsObject({ message: 'must be an object (required when type is location)' })
  @ValidateNested()
  @Type(() => LocationObjectDto)
  location?: LocationObjectDto;

  @ValidateIf(requiredFor('contacts'))
  @ContactsArray()
  contacts?: ContactDto[];

  @ValidateIf(requiredFor('interactive'))
  @IsObject({ message: 'must be an object (required when type is interactive)' })
  @ValidateNested()
  @Type(() => InteractiveObjectDto)
  interactive?: InteractiveObjectDto;

  @ValidateIf(requiredFor('reaction'))
  @IsObject({ message: 'must be an object (required when type is reaction)' })
  @ValidateNested()
  @Type(() => ReactionObjectDto)
  reaction?: ReactionObjectDto;

  @ValidateIf(requiredFor('template'))
  @IsObject({ message: 'must be an object (required when type is template)' })
  @ValidateNested()
  @Type(() => TemplateObjectDto)
  template?: TemplateObjectDto;
}

/** Checks a send body as Meta does; throws `(#100) Invalid parameter` naming every problem. */
export function parseSendMessageRequest(body: unknown): SendMessageRequestDto {
  if (isCommonValidSend(body)) return body;
  return validateGraphInput(SendMessageRequestDto, body, 'request body');
}

/**
 * Whether a body is certainly valid by the classes above: a text message, or a template whose parameters are text,
 * payloads or coupon codes, every field within their rules, an optional field absent rather than null, and a
 * length counted in UTF-16 units (never more than class-validator's count). Such sends are nearly all of them, and
 * checking each through class-validator costs a large share of the sandbox's CPU and allocations per send
 * (docs/benchmarks.md). Anything else, and every invalid send, goes through the classes, which say what is wrong;
 * the spec holds the two to agreeing.
 */
export function isCommonValidSend(body: unknown): body is SendMessageRequestDto {
  if (!isPlainObject(body)) return false;
  const valid =
    body.messaging_product === 'whatsapp' &&
    (body.recipient_type === undefined || body.recipient_type === 'individual') &&
    typeof body.to === 'string' &&
    phoneNumberCharacters.test(body.to) &&
    sevenToFifteenDigits.test(digitsOf(body.to)) &&
    (body.biz_opaque_callback_data === undefined ||
      isStringOfAtMost(body.biz_opaque_callback_data, MAX_CALLBACK_DATA_LENGTH)) &&
    body.context === undefined;
  if (!valid) return false;
  if (body.type === undefined || body.type === 'text') return isCommonTextObject(body.text);
  return body.type === 'template' && isCommonTemplateObject(body.template);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringOfAtMost(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.length <= maxLength;
}

function isNonEmptyStringOfAtMost(value: unknown, maxLength: number): value is string {
  return isStringOfAtMost(value, maxLength) && value.length > 0;
}

function isCommonTextObject(text: unknown): boolean {
  return (
    isPlainObject(text) &&
    isNonEmptyStringOfAtMost(text.body, MAX_TEXT_BODY_LENGTH) &&
    (text.preview_url === undefined || typeof text.preview_url === 'boolean')
  );
}

function isCommonTemplateObject(template: unknown): boolean {
  return (
    isPlainObject(template) &&
    isNonEmptyStringOfAtMost(template.name, 512) &&
    isPlainObject(template.language) &&
    typeof template.language.code === 'string' &&
    languageCode.test(template.language.code) &&
    (template.language.policy === undefined || template.language.policy === 'deterministic') &&
    (template.components === undefined ||
      (Array.isArray(template.components) && template.components.every(isCommonTemplateComponent)))
  );
}

function isCommonTemplateComponent(component: unknown): boolean {
  if (!isPlainObject(component)) return false;
  const { type, parameters } = component;
  const typeValid =
    type === 'header' ||
    type === 'body' ||
    (type === 'button' && isButtonSubType(component.sub_type) && isButtonIndex(component.index));
  return (
    typeValid &&
    (parameters === undefined || (Array.isArray(parameters) && parameters.every(isCommonTemplateParameter)))
  );
}

function isCommonTemplateParameter(parameter: unknown): boolean {
  if (!isPlainObject(parameter)) return false;
  const { parameter_name: name } = parameter;
  if (name !== undefined && !(typeof name === 'string' && parameterName.test(name))) return false;
  switch (parameter.type) {
    case 'text':
      return (
        isNonEmptyStringOfAtMost(parameter.text, MAX_TEXT_BODY_LENGTH) &&
        !multiLineOrWideText.test(parameter.text)
      );
    case 'payload':
      return typeof parameter.payload === 'string';
    case 'coupon_code':
      return isNonEmptyStringOfAtMost(parameter.coupon_code, MAX_COUPON_CODE_LENGTH);
    default:
      return false;
  }
}
