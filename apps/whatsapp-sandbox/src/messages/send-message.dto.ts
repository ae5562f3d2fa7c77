import type {
  GraphMediaObject,
  GraphTemplateMessageComponent,
  GraphTemplateObject,
  GraphTemplateParameter,
  GraphTemplateParameterType,
  GraphTextObject,
} from '@herald/whatsapp';
import { Type } from 'class-transformer';
import {
  Equals,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmpty,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { validateGraphInput } from '../graph/validate-graph-input';

/** The message kinds the sandbox emulates; Meta has more (interactive, location, contacts, sticker, reaction). */
export const messageKinds = ['text', 'image', 'document', 'audio', 'video', 'template'] as const;
export type MessageKind = (typeof messageKinds)[number];

export const MAX_TEXT_BODY_LENGTH = 4096;
export const MAX_CAPTION_LENGTH = 1024;
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

const mediaLinkOptions = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

export class TextObjectDto implements GraphTextObject {
  @IsString({ message: 'must be a string' })
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(MAX_TEXT_BODY_LENGTH, { message: `must be at most ${MAX_TEXT_BODY_LENGTH} characters` })
  body: string;

  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  preview_url?: boolean;
}

/** Media by public `link` (http or https) or by uploaded media `id`: one of the two is required. */
export class MediaObjectDto implements GraphMediaObject {
  @ValidateIf((media: MediaObjectDto) => media.id === undefined || media.link !== undefined)
  @IsDefined({ message: 'or id is required' })
  @IsUrl(mediaLinkOptions, { message: 'must be an http or https URL' })
  link?: string;

  @ValidateIf((media: MediaObjectDto) => media.id !== undefined)
  @IsString({ message: 'must be a string' })
  @MinLength(1, { message: 'must not be empty' })
  id?: string;
}

export class CaptionedMediaObjectDto extends MediaObjectDto {
  @IsOptional()
  @IsString({ message: 'must be a string' })
  @MaxLength(MAX_CAPTION_LENGTH, { message: `must be at most ${MAX_CAPTION_LENGTH} characters` })
  caption?: string;
}

export class DocumentObjectDto extends CaptionedMediaObjectDto {
  @IsOptional()
  @IsString({ message: 'must be a string' })
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(240, { message: 'must be at most 240 characters' })
  filename?: string;
}

export class AudioObjectDto extends MediaObjectDto {
  @IsEmpty({ message: 'is not allowed: audio messages have no caption' })
  caption?: undefined;
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

export class TemplateParameterDto implements GraphTemplateParameter {
  @IsIn(templateParameterTypes, { message: `must be one of ${templateParameterTypes.join(', ')}` })
  type: GraphTemplateParameterType;

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
  currency?: GraphTemplateParameter['currency'];

  @ValidateIf((parameter: TemplateParameterDto) => parameter.type === 'date_time')
  @IsObject({ message: 'is required when type is date_time' })
  date_time?: GraphTemplateParameter['date_time'];

  @ValidateIf((parameter: TemplateParameterDto) => parameter.type === 'coupon_code')
  @IsString({ message: 'must be a string when type is coupon_code' })
  coupon_code?: string;
}

const templateComponentTypes = ['header', 'body', 'button'] as const;
const buttonSubTypes = ['quick_reply', 'url', 'copy_code', 'flow', 'catalog', 'mpm', 'voice_call'];

const isButtonIndex = (value: unknown) =>
  (typeof value === 'string' || typeof value === 'number') && /^\d$/.test(String(value));

export class TemplateMessageComponentDto implements GraphTemplateMessageComponent {
  @IsIn(templateComponentTypes, { message: `must be one of ${templateComponentTypes.join(', ')}` })
  type: GraphTemplateMessageComponent['type'];

  @ValidateIf((component: TemplateMessageComponentDto) => component.type === 'button')
  @IsIn(buttonSubTypes, {
    message: 'must be quick_reply, url, copy_code, flow, catalog, mpm or voice_call for a button',
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

export class TemplateObjectDto implements GraphTemplateObject {
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

  /** A reply quotes an earlier message: `{"message_id":"wamid..."}`. */
  @IsOptional()
  @IsObject({ message: 'must be an object such as {"message_id":"wamid..."}' })
  context?: { message_id: string };

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
    (type === 'button' &&
      buttonSubTypes.includes(component.sub_type as string) &&
      isButtonIndex(component.index));
  return (
    typeValid &&
    (parameters === undefined || (Array.isArray(parameters) && parameters.every(isCommonTemplateParameter)))
  );
}

function isCommonTemplateParameter(parameter: unknown): boolean {
  if (!isPlainObject(parameter)) return false;
  switch (parameter.type) {
    case 'text':
      return (
        isNonEmptyStringOfAtMost(parameter.text, MAX_TEXT_BODY_LENGTH) &&
        !multiLineOrWideText.test(parameter.text)
      );
    case 'payload':
      return typeof parameter.payload === 'string';
    case 'coupon_code':
      return typeof parameter.coupon_code === 'string';
    default:
      return false;
  }
}
