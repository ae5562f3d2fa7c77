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

const HasSevenToFifteenDigits = () =>
  ValidateBy({
    name: 'hasSevenToFifteenDigits',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && /^\d{7,15}$/.test(digitsOf(value)),
      defaultMessage: () =>
        'must be a phone number of 7 to 15 digits (E.164 without the plus), such as 15550001111',
    },
  });

/** Meta refuses template parameter text with a newline or tab, or more than four spaces in a row. */
const IsSingleLineParameterText = () =>
  ValidateBy({
    name: 'isSingleLineParameterText',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && !/[\n\t]| {5,}/.test(value),
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

export class TemplateMessageComponentDto implements GraphTemplateMessageComponent {
  @IsIn(templateComponentTypes, { message: `must be one of ${templateComponentTypes.join(', ')}` })
  type: GraphTemplateMessageComponent['type'];

  @ValidateIf((component: TemplateMessageComponentDto) => component.type === 'button')
  @IsIn(['quick_reply', 'url', 'copy_code', 'flow', 'catalog', 'mpm', 'voice_call'], {
    message: 'must be quick_reply, url, copy_code, flow, catalog, mpm or voice_call for a button',
  })
  sub_type?: string;

  @ValidateIf((component: TemplateMessageComponentDto) => component.type === 'button')
  @ValidateBy({
    name: 'isButtonIndex',
    validator: {
      validate: (value: unknown) =>
        (typeof value === 'string' || typeof value === 'number') && /^\d$/.test(String(value)),
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

export class TemplateLanguageDto {
  @IsString({ message: 'must be a string' })
  @Matches(/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/, { message: 'must be a language code such as en_US or es' })
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
  return validateGraphInput(SendMessageRequestDto, body, 'request body');
}
