import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type, TypeHelpOptions } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsDefined,
  IsEmail,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
} from 'class-validator';

/**
 * WhatsApp's limits on the free-form kinds beyond text and media (Meta's OpenAPI description, and its public docs
 * where the description is silent: the rows of a list counted across sections, the call-to-action URL button).
 * Herald checks every one of them before it accepts a message, so Meta never refuses what Herald queued.
 */
export const INTERACTIVE_LIMITS = {
  headerText: 60,
  bodyText: 1024,
  footerText: 60,
  replyButtons: 3,
  replyButtonId: 256,
  replyButtonTitle: 20,
  listButtonText: 20,
  sections: 10,
  /** Rows of a list message, all its sections together. */
  rows: 10,
  sectionTitle: 24,
  rowId: 200,
  rowTitle: 24,
  rowDescription: 72,
  ctaDisplayText: 20,
  ctaUrl: 2000,
} as const;
export const MAX_CONTACT_CARDS = 5;
export const MAX_MEDIA_ID_LENGTH = 256;
/** Meta documents no limit on a location's name and address: Herald's own bound keeps a request's size sane. */
export const MAX_LOCATION_TEXT_LENGTH = 1000;

export const interactiveTypes = ['button', 'list', 'cta_url'] as const;
export type InteractiveType = (typeof interactiveTypes)[number];
export const interactiveHeaderTypes = ['text', 'image', 'video', 'document'] as const;
export type InteractiveHeaderType = (typeof interactiveHeaderTypes)[number];

/** A WhatsApp media id, as `POST /media` answers it. */
export const MEDIA_ID_PATTERN = /^[A-Za-z0-9_.:-]+$/;

/** Exactly one emoji (flags, skin tones and joined sequences included), as WhatsApp takes a reaction. */
export const SINGLE_EMOJI_PATTERN = new RegExp('^\\p{RGI_Emoji}$', 'v');

const distinct = (values: unknown[]) => new Set(values).size === values.length;

const httpsUrl = () =>
  IsUrl({ protocols: ['https'], require_protocol: true, require_valid_protocol: true, require_host: true }, { message: '$property must be an https URL' });

/** A media `url` or, instead, an uploaded WhatsApp media `id`: exactly one of the two. */
export function OneMediaReference(other: 'url' | 'id') {
  return ValidateBy({
    name: 'oneMediaReference',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) => (args?.object as Record<string, unknown>)[other] === undefined,
      defaultMessage: (args?: ValidationArguments) => `${args?.property} and ${other} cannot both be given: the media is one or the other`,
    },
  });
}

const OnlyForHeader = (type: InteractiveHeaderType) =>
  ValidateBy({
    name: 'onlyForHeader',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) => (args?.object as InteractiveHeaderContentDto).type === type,
      defaultMessage: (args?: ValidationArguments) => `${args?.property} is only for a ${type} header`,
    },
  });

const OnlyForMediaHeader = () =>
  ValidateBy({
    name: 'onlyForMediaHeader',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) => (args?.object as InteractiveHeaderContentDto).type !== 'text',
      defaultMessage: (args?: ValidationArguments) => `${args?.property} is only for a media header`,
    },
  });

/** The header of an interactive message: a text, or a media by `url` or uploaded `id` (a list's header is text). */
export class InteractiveHeaderContentDto {
  @ApiProperty({ enum: interactiveHeaderTypes, example: 'text' })
  @IsIn(interactiveHeaderTypes, { message: `type must be one of ${interactiveHeaderTypes.join(', ')}` })
  type: InteractiveHeaderType;

  @ApiPropertyOptional({ maxLength: INTERACTIVE_LIMITS.headerText, description: 'For a text header', example: 'Your order' })
  @ValidateIf((header: InteractiveHeaderContentDto) => header.type === 'text' || header.text !== undefined)
  @OnlyForHeader('text')
  @MaxLength(INTERACTIVE_LIMITS.headerText)
  @MinLength(1)
  @IsString({ message: 'text is required for a text header, a string' })
  text?: string;

  @ApiPropertyOptional({ format: 'uri', description: 'A media header: its public URL' })
  @ValidateIf((header: InteractiveHeaderContentDto) => header.url !== undefined || (header.type !== 'text' && header.id === undefined))
  @OnlyForMediaHeader()
  @OneMediaReference('id')
  @MaxLength(2048)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_host: true }, { message: 'url must be an http(s) URL (or give id)' })
  @IsString()
  url?: string;

  @ApiPropertyOptional({ description: 'Herald extension: a media header by WhatsApp media id (from POST /media) instead of url' })
  @IsOptional()
  @OnlyForMediaHeader()
  @Matches(MEDIA_ID_PATTERN, { message: 'id must be a WhatsApp media id' })
  @MaxLength(MAX_MEDIA_ID_LENGTH)
  @IsString()
  id?: string;

  @ApiPropertyOptional({ maxLength: 240, description: 'The file name of a document header' })
  @IsOptional()
  @OnlyForHeader('document')
  @MaxLength(240)
  @MinLength(1)
  @IsString()
  filename?: string;
}

export class InteractiveBodyContentDto {
  @ApiProperty({ maxLength: INTERACTIVE_LIMITS.bodyText, example: 'Shall we confirm your appointment?' })
  @MaxLength(INTERACTIVE_LIMITS.bodyText)
  @MinLength(1)
  @IsString()
  text: string;
}

export class InteractiveFooterContentDto {
  @ApiProperty({ maxLength: INTERACTIVE_LIMITS.footerText, example: 'Reply by tomorrow' })
  @MaxLength(INTERACTIVE_LIMITS.footerText)
  @MinLength(1)
  @IsString()
  text: string;
}

export class ReplyContentDto {
  @ApiProperty({ maxLength: INTERACTIVE_LIMITS.replyButtonId, example: 'yes' })
  @MaxLength(INTERACTIVE_LIMITS.replyButtonId)
  @MinLength(1)
  @IsString()
  id: string;

  @ApiProperty({ maxLength: INTERACTIVE_LIMITS.replyButtonTitle, example: 'Yes' })
  @MaxLength(INTERACTIVE_LIMITS.replyButtonTitle)
  @MinLength(1)
  @IsString()
  title: string;
}

export class ReplyButtonContentDto {
  @ApiProperty({ enum: ['reply'] })
  @Equals('reply', { message: 'type must be "reply"' })
  type: 'reply';

  @ApiProperty({ type: ReplyContentDto })
  @ValidateNested()
  @Type(() => ReplyContentDto)
  @IsObject({ message: 'reply must be an object such as {"id":"yes","title":"Yes"}' })
  reply: ReplyContentDto;
}

export class ListRowContentDto {
  @ApiProperty({ maxLength: INTERACTIVE_LIMITS.rowId, example: 'monday' })
  @MaxLength(INTERACTIVE_LIMITS.rowId)
  @MinLength(1)
  @IsString()
  id: string;

  @ApiProperty({ maxLength: INTERACTIVE_LIMITS.rowTitle, example: 'Monday 10:00' })
  @MaxLength(INTERACTIVE_LIMITS.rowTitle)
  @MinLength(1)
  @IsString()
  title: string;

  @ApiPropertyOptional({ maxLength: INTERACTIVE_LIMITS.rowDescription })
  @IsOptional()
  @MaxLength(INTERACTIVE_LIMITS.rowDescription)
  @MinLength(1)
  @IsString()
  description?: string;
}

export class ListSectionContentDto {
  @ApiPropertyOptional({ maxLength: INTERACTIVE_LIMITS.sectionTitle, description: 'Required when the list has more than one section' })
  @IsOptional()
  @MaxLength(INTERACTIVE_LIMITS.sectionTitle)
  @MinLength(1)
  @IsString()
  title?: string;

  @ApiProperty({ type: [ListRowContentDto] })
  @ValidateNested({ each: true })
  @Type(() => ListRowContentDto)
  @IsObject({ each: true, message: 'rows must be row objects' })
  @ArrayMinSize(1)
  @IsArray()
  rows: ListRowContentDto[];
}

export class CtaUrlParametersContentDto {
  @ApiProperty({ maxLength: INTERACTIVE_LIMITS.ctaDisplayText, example: 'See dates' })
  @MaxLength(INTERACTIVE_LIMITS.ctaDisplayText)
  @MinLength(1)
  @IsString()
  display_text: string;

  @ApiProperty({ format: 'uri', example: 'https://example.com/dates' })
  @MaxLength(INTERACTIVE_LIMITS.ctaUrl)
  @httpsUrl()
  @IsString()
  url: string;
}

const rowsOf = (sections: unknown) =>
  Array.isArray(sections) ? sections.flatMap((section: ListSectionContentDto) => (Array.isArray(section?.rows) ? section.rows : [])) : [];

/**
 * `action` of an interactive message, WhatsApp's own: `buttons` (type button), `button` and `sections` (type list),
 * or `name` "cta_url" and `parameters` (type cta_url). One class, each field required by the type that uses it.
 */
export class InteractiveActionContentDto {
  @ApiPropertyOptional({ type: [ReplyButtonContentDto], maxItems: INTERACTIVE_LIMITS.replyButtons, description: 'type button: 1 to 3 reply buttons' })
  @ValidateIf((action: InteractiveActionContentDto, value) => isOfType(action, 'button') || value !== undefined)
  @ValidateBy({
    name: 'onlyForButton',
    validator: { validate: (_value, args) => allowedFor(args?.object, 'button'), defaultMessage: () => 'buttons are only for an interactive of type button' },
  })
  @ValidateBy({
    name: 'distinctReplyButtons',
    validator: {
      validate: (buttons: unknown) =>
        !Array.isArray(buttons) ||
        (distinct(buttons.map((button: ReplyButtonContentDto) => button?.reply?.title)) && distinct(buttons.map((button: ReplyButtonContentDto) => button?.reply?.id))),
      defaultMessage: () => 'buttons must have distinct titles and distinct ids',
    },
  })
  @ValidateNested({ each: true })
  @Type(() => ReplyButtonContentDto)
  @IsObject({ each: true, message: 'buttons must be button objects' })
  @ArrayMaxSize(INTERACTIVE_LIMITS.replyButtons, { message: `buttons must hold at most ${INTERACTIVE_LIMITS.replyButtons} buttons` })
  @ArrayMinSize(1, { message: 'buttons must hold at least 1 button' })
  @IsArray({ message: 'buttons is required for an interactive of type button, an array of reply buttons' })
  buttons?: ReplyButtonContentDto[];

  @ApiPropertyOptional({ maxLength: INTERACTIVE_LIMITS.listButtonText, description: 'type list: the text of the button that opens the list', example: 'Pick a day' })
  @ValidateIf((action: InteractiveActionContentDto, value) => isOfType(action, 'list') || value !== undefined)
  @ValidateBy({
    name: 'onlyForList',
    validator: { validate: (_value, args) => allowedFor(args?.object, 'list'), defaultMessage: () => 'button is only for an interactive of type list' },
  })
  @MaxLength(INTERACTIVE_LIMITS.listButtonText)
  @MinLength(1)
  @IsString({ message: 'button is required for an interactive of type list, a string' })
  button?: string;

  @ApiPropertyOptional({ type: [ListSectionContentDto], maxItems: INTERACTIVE_LIMITS.sections, description: 'type list: 1 to 10 sections, 10 rows at most in all' })
  @ValidateIf((action: InteractiveActionContentDto, value) => isOfType(action, 'list') || value !== undefined)
  @ValidateBy({
    name: 'onlyForList',
    validator: { validate: (_value, args) => allowedFor(args?.object, 'list'), defaultMessage: () => 'sections are only for an interactive of type list' },
  })
  @ValidateBy({
    name: 'atMostTenRows',
    validator: {
      validate: (sections: unknown) => rowsOf(sections).length <= INTERACTIVE_LIMITS.rows,
      defaultMessage: () => `sections must hold at most ${INTERACTIVE_LIMITS.rows} rows in all`,
    },
  })
  @ValidateBy({
    name: 'titledWhenSeveral',
    validator: {
      validate: (sections: unknown) =>
        !Array.isArray(sections) || sections.length < 2 || sections.every((section: ListSectionContentDto) => section?.title !== undefined),
      defaultMessage: () => 'sections must each have a title when there are more than one',
    },
  })
  @ValidateBy({
    name: 'distinctRowIds',
    validator: {
      validate: (sections: unknown) => distinct(rowsOf(sections).map((row: ListRowContentDto) => row?.id)),
      defaultMessage: () => 'sections must have rows with distinct ids',
    },
  })
  @ValidateNested({ each: true })
  @Type(() => ListSectionContentDto)
  @IsObject({ each: true, message: 'sections must be section objects' })
  @ArrayMaxSize(INTERACTIVE_LIMITS.sections)
  @ArrayMinSize(1)
  @IsArray({ message: 'sections is required for an interactive of type list, an array of sections' })
  sections?: ListSectionContentDto[];

  @ApiPropertyOptional({ enum: ['cta_url'], description: 'type cta_url: "cta_url"' })
  @ValidateIf((action: InteractiveActionContentDto, value) => isOfType(action, 'cta_url') || value !== undefined)
  @ValidateBy({
    name: 'onlyForCtaUrl',
    validator: { validate: (_value, args) => allowedFor(args?.object, 'cta_url'), defaultMessage: () => 'name is only for an interactive of type cta_url' },
  })
  @Equals('cta_url', { message: 'name must be "cta_url"' })
  name?: 'cta_url';

  @ApiPropertyOptional({ type: CtaUrlParametersContentDto, description: 'type cta_url: the button and its URL' })
  @ValidateIf((action: InteractiveActionContentDto, value) => isOfType(action, 'cta_url') || value !== undefined)
  @ValidateBy({
    name: 'onlyForCtaUrl',
    validator: { validate: (_value, args) => allowedFor(args?.object, 'cta_url'), defaultMessage: () => 'parameters are only for an interactive of type cta_url' },
  })
  @ValidateNested()
  @Type(() => CtaUrlParametersContentDto)
  @IsObject({ message: 'parameters is required for an interactive of type cta_url, such as {"display_text":"See dates","url":"https://..."}' })
  parameters?: CtaUrlParametersContentDto;
}

/** The action of one type of interactive: the class knows the type, so the action's fields can depend on it. */
const actionClasses = new Map(
  interactiveTypes.map((type) => [type, class extends InteractiveActionContentDto {
    static readonly interactiveType = type;
  }]),
);

function typeOfAction(action: unknown): InteractiveType | undefined {
  if (typeof action !== 'object' || action === null) return undefined;
  return (action.constructor as { interactiveType?: InteractiveType }).interactiveType;
}

const isOfType = (action: unknown, type: InteractiveType) => typeOfAction(action) === type;

/** A field of one type's action; under an unknown type only `type` itself is reported. */
const allowedFor = (action: unknown, type: InteractiveType) => {
  const actual = typeOfAction(action);
  return actual === undefined || actual === type;
};

/**
 * Herald extension: `content` of a message of type `interactive`, WhatsApp's interactive object (reply buttons, a
 * list, or a call-to-action URL button), its media header by `url` or `id` as Herald's media kinds take it.
 */
export class InteractiveContentDto {
  @ApiProperty({ enum: interactiveTypes, example: 'button' })
  @IsIn(interactiveTypes, { message: `type must be one of ${interactiveTypes.join(', ')}` })
  type: InteractiveType;

  @ApiPropertyOptional({ type: InteractiveHeaderContentDto })
  @IsOptional()
  @ValidateBy({
    name: 'textHeaderForList',
    validator: {
      validate: (header: unknown, args?: ValidationArguments) =>
        (args?.object as InteractiveContentDto).type !== 'list' || (header as InteractiveHeaderContentDto)?.type === 'text',
      defaultMessage: () => 'header must be of type text in a list message',
    },
  })
  @ValidateNested()
  @Type(() => InteractiveHeaderContentDto)
  @IsObject({ message: 'header must be an object such as {"type":"text","text":"..."}' })
  header?: InteractiveHeaderContentDto;

  @ApiProperty({ type: InteractiveBodyContentDto })
  @ValidateNested()
  @Type(() => InteractiveBodyContentDto)
  @IsObject({ message: 'body is required, such as {"text":"..."}' })
  body: InteractiveBodyContentDto;

  @ApiPropertyOptional({ type: InteractiveFooterContentDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => InteractiveFooterContentDto)
  @IsObject({ message: 'footer must be an object such as {"text":"..."}' })
  footer?: InteractiveFooterContentDto;

  @ApiProperty({ type: InteractiveActionContentDto })
  @ValidateNested()
  @Type((options?: TypeHelpOptions) => {
    // The action's fields depend on the interactive's type: the action learns it as it is built.
    const type = (options?.object as { type?: InteractiveType } | undefined)?.type;
    return (type && actionClasses.get(type)) || InteractiveActionContentDto;
  })
  @IsObject({ message: 'action is required, an object whose fields depend on type' })
  action: InteractiveActionContentDto;
}

/** Herald extension: `content` of a message of type `location`. */
export class LocationContentDto {
  @ApiProperty({ minimum: -90, maximum: 90, example: 52.3702 })
  @Max(90)
  @Min(-90)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'latitude must be a number from -90 to 90' })
  latitude: number;

  @ApiProperty({ minimum: -180, maximum: 180, example: 4.8952 })
  @Max(180)
  @Min(-180)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'longitude must be a number from -180 to 180' })
  longitude: number;

  @ApiPropertyOptional({ example: 'Herald HQ' })
  @IsOptional()
  @MaxLength(MAX_LOCATION_TEXT_LENGTH)
  @MinLength(1)
  @IsString()
  name?: string;

  @ApiPropertyOptional({ example: 'Dam 1, Amsterdam' })
  @IsOptional()
  @MaxLength(MAX_LOCATION_TEXT_LENGTH)
  @MinLength(1)
  @IsString()
  address?: string;
}

const phoneTypes = ['CELL', 'MAIN', 'IPHONE', 'HOME', 'WORK'] as const;
const homeOrWork = ['HOME', 'WORK'] as const;

export class ContactNameContentDto {
  @ApiProperty({ example: 'John Smith' })
  @MinLength(1, { message: 'formatted_name is required' })
  @IsString({ message: 'formatted_name is required, a string' })
  formatted_name: string;

  @ApiPropertyOptional() @IsOptional() @IsString() first_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() last_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() middle_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() prefix?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() suffix?: string;
}

export class ContactPhoneContentDto {
  @ApiProperty({ example: '+31612345678' })
  @MinLength(1)
  @IsString()
  phone: string;

  @ApiPropertyOptional({ enum: phoneTypes })
  @IsOptional()
  @IsIn(phoneTypes)
  type?: string;

  @ApiPropertyOptional({ description: 'The WhatsApp id (digits) of the number' })
  @IsOptional()
  @Matches(/^\d{7,15}$/, { message: 'wa_id must be the digits of a phone number' })
  wa_id?: string;
}

export class ContactEmailContentDto {
  @ApiProperty({ format: 'email' })
  @IsEmail({}, { message: 'email must be an email address' })
  @IsString()
  email: string;

  @ApiPropertyOptional({ enum: homeOrWork })
  @IsOptional()
  @IsIn(homeOrWork)
  type?: string;
}

export class ContactUrlContentDto {
  @ApiProperty({ format: 'uri' })
  @IsUrl({ require_protocol: true }, { message: 'url must be a URL' })
  @IsString()
  url: string;

  @ApiPropertyOptional({ enum: homeOrWork })
  @IsOptional()
  @IsIn(homeOrWork)
  type?: string;
}

export class ContactAddressContentDto {
  @ApiPropertyOptional() @IsOptional() @IsString() street?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() city?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() state?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() zip?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() country?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() country_code?: string;
  @ApiPropertyOptional({ enum: homeOrWork }) @IsOptional() @IsIn(homeOrWork) type?: string;
}

export class ContactOrgContentDto {
  @ApiPropertyOptional() @IsOptional() @IsString() company?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() department?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() title?: string;
}

/** One contact card, WhatsApp's shape: a `name` with its `formatted_name` is what WhatsApp requires. */
export class ContactCardContentDto {
  @ApiProperty({ type: ContactNameContentDto })
  @ValidateNested()
  @Type(() => ContactNameContentDto)
  @IsObject({ message: 'name is required, such as {"formatted_name":"John Smith"}' })
  name: ContactNameContentDto;

  @ApiPropertyOptional({ type: [ContactPhoneContentDto] })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ContactPhoneContentDto)
  @IsObject({ each: true })
  @IsArray()
  phones?: ContactPhoneContentDto[];

  @ApiPropertyOptional({ type: [ContactEmailContentDto] })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ContactEmailContentDto)
  @IsObject({ each: true })
  @IsArray()
  emails?: ContactEmailContentDto[];

  @ApiPropertyOptional({ type: [ContactUrlContentDto] })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ContactUrlContentDto)
  @IsObject({ each: true })
  @IsArray()
  urls?: ContactUrlContentDto[];

  @ApiPropertyOptional({ type: [ContactAddressContentDto] })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ContactAddressContentDto)
  @IsObject({ each: true })
  @IsArray()
  addresses?: ContactAddressContentDto[];

  @ApiPropertyOptional({ type: ContactOrgContentDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactOrgContentDto)
  @IsObject()
  org?: ContactOrgContentDto;

  @ApiPropertyOptional({ example: '1990-01-31' })
  @IsOptional()
  @Matches(/^\d{4}-\d\d-\d\d$/, { message: 'birthday must be a date as YYYY-MM-DD' })
  @IsString()
  birthday?: string;
}

/** Herald extension: `content` of a message of type `contacts`, one to five contact cards. */
export class ContactsContentDto {
  @ApiProperty({ type: [ContactCardContentDto], maxItems: MAX_CONTACT_CARDS })
  @ValidateNested({ each: true })
  @Type(() => ContactCardContentDto)
  @IsObject({ each: true, message: 'contacts must be contact cards' })
  @ArrayMaxSize(MAX_CONTACT_CARDS)
  @ArrayMinSize(1)
  @IsArray({ message: 'contacts is required, an array of contact cards' })
  contacts: ContactCardContentDto[];
}

/** Herald extension: `content` of a message of type `reaction`: an emoji on a message of the conversation. */
export class ReactionContentDto {
  @ApiProperty({ description: "The uuid of the message reacted to: the team's message, or the customer's", example: 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5' })
  @Matches(/^[0-9a-f]{32}$/, { message: 'message_uuid must be a message uuid (32 hex digits)' })
  @IsString({ message: 'message_uuid is required, a message uuid' })
  message_uuid: string;

  @ApiProperty({ description: 'One emoji; empty takes the reaction back', example: '👍' })
  @ValidateBy({
    name: 'isEmojiOrEmpty',
    validator: {
      validate: (value: unknown) => value === '' || (typeof value === 'string' && SINGLE_EMOJI_PATTERN.test(value)),
      defaultMessage: () => 'emoji must be a single emoji, or empty to remove the reaction',
    },
  })
  @IsDefined({ message: 'emoji is required: one emoji, or empty to remove the reaction' })
  emoji: string;
}
