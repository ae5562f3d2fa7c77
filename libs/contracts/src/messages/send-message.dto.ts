import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { templateLanguagePattern } from '../channels/channel-settings';
import { FitsTemplateRequest, TemplateParametersDto, templateParametersExample } from '../templates/template-parameters.dto';
import { Type, TypeHelpOptions } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
  ValidateBy,
  ValidationArguments,
  registerDecorator,
} from 'class-validator';
import {
  ContactsContentDto,
  InteractiveContentDto,
  LocationContentDto,
  MAX_MEDIA_ID_LENGTH,
  MEDIA_ID_PATTERN,
  OneMediaReference,
  ReactionContentDto,
} from './message-kinds.dto';

/** WhatsApp's limits. */
export const MAX_TEXT_LENGTH = 4096;
export const MAX_CAPTION_LENGTH = 1024;
export const MAX_URL_LENGTH = 2048;
export const MAX_TEMPLATE_VALUES = 100;
/** Callbell's limits on `metadata`. */
export const MAX_METADATA_KEYS = 10;
export const MAX_METADATA_KEY_LENGTH = 50;
export const MAX_METADATA_VALUE_LENGTH = 500;

/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
/** Herald's and Callbell's uuids: 32 hex digits (a dashed UUID is accepted too). */
export const UUID_REFERENCE_PATTERN = /^([0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

export const messageTypes = ['text', 'image', 'document', 'audio', 'video', 'sticker', 'interactive', 'location', 'contacts', 'reaction'] as const;
export type MessageType = (typeof messageTypes)[number];
export const mediaMessageTypes = ['image', 'document', 'audio', 'video', 'sticker'] as const;
/** Herald's extensions of Callbell's message types: WhatsApp's other free-form kinds. */
export const extendedMessageTypes = ['sticker', 'interactive', 'location', 'contacts', 'reaction'] as const;
/** Template headers can carry these media kinds; WhatsApp has no audio header. */
export const templateMediaTypes = ['image', 'document', 'video'] as const;
export const botStatuses = ['bot_start', 'bot_end'] as const;

const httpUrl = () =>
  IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_valid_protocol: true, require_host: true },
    { message: '$property must be an http(s) URL' },
  );

/** `content` of a text message. */
export class TextContentDto {
  @ApiProperty({ maxLength: MAX_TEXT_LENGTH, example: 'Hello!' })
  @MaxLength(MAX_TEXT_LENGTH)
  @MinLength(1)
  @IsString()
  text: string;
}

/** A media by its public URL: what a template's media header takes. */
export class MediaLinkContentDto {
  @ApiProperty({ format: 'uri', example: 'https://example.com/note.mp3' })
  @MaxLength(MAX_URL_LENGTH)
  @httpUrl()
  @IsString()
  url: string;
}

/** `content` of an audio or sticker message: the media only, by its URL or (a Herald extension) its WhatsApp media id. */
export class MediaContentDto {
  @ApiPropertyOptional({ format: 'uri', description: 'The media\'s public URL; required unless `id` is given', example: 'https://example.com/note.mp3' })
  @ValidateIf((content: MediaContentDto) => content.url !== undefined || content.id === undefined)
  @OneMediaReference('id')
  @MaxLength(MAX_URL_LENGTH)
  @httpUrl()
  @IsString({ message: 'url is required (or id), and must be a string' })
  url?: string;

  @ApiPropertyOptional({ description: 'Herald extension: a WhatsApp media id (from `POST /media`) instead of `url`', example: '1037543291543636' })
  @IsOptional()
  @Matches(MEDIA_ID_PATTERN, { message: 'id must be a WhatsApp media id' })
  @MaxLength(MAX_MEDIA_ID_LENGTH)
  @IsString()
  id?: string;
}

/** `content` of an image or video message: the media and an optional caption (in `text`). */
export class CaptionedMediaContentDto extends MediaContentDto {
  @ApiPropertyOptional({ maxLength: MAX_CAPTION_LENGTH, description: 'The caption', example: 'Look at this' })
  @IsOptional()
  @MaxLength(MAX_CAPTION_LENGTH)
  @IsString()
  text?: string;
}

/** `content` of a document message: the media, an optional caption and the file name the customer sees. */
export class DocumentContentDto extends CaptionedMediaContentDto {
  @ApiPropertyOptional({ maxLength: 240, example: 'invoice.pdf' })
  @IsOptional()
  @MaxLength(240)
  @MinLength(1)
  @IsString()
  filename?: string;
}

/** `content` of a template message: the value of its single placeholder, if it has one. */
export class TemplateTextContentDto {
  @ApiPropertyOptional({ maxLength: MAX_CAPTION_LENGTH, description: 'The value of the placeholder {{1}}', example: 'John Doe' })
  @IsOptional()
  @MaxLength(MAX_CAPTION_LENGTH)
  @IsString()
  text?: string;
}

/** `content` of a media template: the header's media, and the single placeholder value, if any. */
export class TemplateMediaContentDto extends MediaLinkContentDto {
  @ApiPropertyOptional({ maxLength: MAX_CAPTION_LENGTH, description: 'The value of the placeholder {{1}}' })
  @IsOptional()
  @MaxLength(MAX_CAPTION_LENGTH)
  @IsString()
  text?: string;

  @ApiPropertyOptional({ maxLength: 240, description: 'File name of a document header' })
  @IsOptional()
  @MaxLength(240)
  @MinLength(1)
  @IsString()
  filename?: string;
}

/** `content` when `template_values` fill the placeholders: Callbell ignores it, so only its shape is checked. */
export class IgnoredContentDto {
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT_LENGTH)
  text?: string;

  @IsOptional()
  @MaxLength(MAX_URL_LENGTH)
  @httpUrl()
  @IsString()
  url?: string;

  @IsOptional()
  @MaxLength(240)
  @IsString()
  filename?: string;
}

export const contentClasses = [
  TextContentDto,
  MediaContentDto,
  InteractiveContentDto,
  LocationContentDto,
  ContactsContentDto,
  ReactionContentDto,
  CaptionedMediaContentDto,
  DocumentContentDto,
  TemplateTextContentDto,
  TemplateMediaContentDto,
  IgnoredContentDto,
];

/** `content` of every kind, as the code that reads a request sees it: the fields its `type` has are there. */
export type MessageContent = TextContentDto &
  Partial<DocumentContentDto> &
  Partial<TemplateMediaContentDto> & { text?: string; url?: string; filename?: string; id?: string } & Partial<
    Omit<InteractiveContentDto, 'type'> & { type: InteractiveContentDto['type'] }
  > &
  Partial<LocationContentDto> &
  Partial<ContactsContentDto> &
  Partial<ReactionContentDto>;

interface RequestShape {
  type?: unknown;
  template_uuid?: unknown;
  template_values?: unknown;
}

const isTemplate = (request: RequestShape) => request.template_uuid !== undefined && request.template_uuid !== null;

/** Which fields `content` must and may have depends on the message's type and on whether it is a template. */
export function contentClassFor(request: RequestShape): new () => object {
  if (isTemplate(request)) {
    if (Array.isArray(request.template_values)) return IgnoredContentDto;
    return request.type === 'text' ? TemplateTextContentDto : TemplateMediaContentDto;
  }
  switch (request.type) {
    case 'text':
      return TextContentDto;
    case 'image':
    case 'video':
      return CaptionedMediaContentDto;
    case 'document':
      return DocumentContentDto;
    case 'audio':
    case 'sticker':
      return MediaContentDto;
    case 'interactive':
      return InteractiveContentDto;
    case 'location':
      return LocationContentDto;
    case 'contacts':
      return ContactsContentDto;
    case 'reaction':
      return ReactionContentDto;
    default:
      return IgnoredContentDto;
  }
}

/** `metadata`: at most 10 keys of up to 50 characters, string values of up to 500 (Callbell's limits). */
function IsMessageMetadata() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isMessageMetadata',
      target: target.constructor,
      propertyName,
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return (
            entries.length <= MAX_METADATA_KEYS &&
            entries.every(
              ([key, item]) =>
                key.length > 0 &&
                key.length <= MAX_METADATA_KEY_LENGTH &&
                typeof item === 'string' &&
                item.length <= MAX_METADATA_VALUE_LENGTH,
            )
          );
        },
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} must be an object of at most ${MAX_METADATA_KEYS} keys (1-${MAX_METADATA_KEY_LENGTH} characters) with string values of at most ${MAX_METADATA_VALUE_LENGTH} characters`,
      },
    });
}

/** A template's message type is text, or the kind of its media header: WhatsApp has no audio header. */
function IsTemplateCompatibleType() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isTemplateCompatibleType',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) =>
          !isTemplate((args?.object ?? {}) as RequestShape) || value === 'text' || (templateMediaTypes as readonly unknown[]).includes(value),
        defaultMessage: () => 'a template message is of type text, or image, document or video for a template with a media header',
      },
    });
}

/**
 * The body of `POST /messages/send` (Callbell's contract), and the `request` carried by `message.requested`:
 * over HTTP and over Kafka, this one class decides what a valid message is.
 */
export class SendMessageDto {
  @ApiProperty({ description: 'The recipient: a phone number in E.164 format', example: '+31612345678' })
  @Matches(E164_PATTERN, { message: 'to must be a phone number in E.164 format, such as +31612345678' })
  @IsString()
  to: string;

  @ApiProperty({
    description: 'The channel: its type (`whatsapp`, the team\'s main channel of that type) or a channel uuid',
    example: 'whatsapp',
  })
  @Matches(/^whatsapp$/, { message: 'from must be a channel type (whatsapp) or a channel uuid' })
  @ValidateIf((request: SendMessageDto) => typeof request.from !== 'string' || !UUID_REFERENCE_PATTERN.test(request.from))
  @IsString()
  from: string;

  @ApiProperty({
    enum: messageTypes,
    description: `Callbell's text, image, document, audio and video; Herald extensions: ${extendedMessageTypes.join(', ')}`,
    example: 'text',
  })
  @IsTemplateCompatibleType()
  @IsIn(messageTypes, { message: `type must be one of ${messageTypes.join(', ')}` })
  @IsString()
  type: MessageType;

  @ApiProperty({
    description:
      'Text messages: `text`. Media: `url`, and `text` as the caption (image, video, document) and `filename` (document). ' +
      'Templates: `text` fills the single placeholder, `url` is a media header; ignored when `template_values` is given. ' +
      'Herald extensions: `id` (a WhatsApp media id from `POST /media`) instead of `url` on image, document, audio, video and sticker; ' +
      "`interactive`: WhatsApp's interactive object (`type` button, list or cta_url, `header`, `body`, `footer`, `action`); " +
      '`location`: `latitude`, `longitude`, `name`, `address`; `contacts`: `contacts`, WhatsApp contact cards; ' +
      '`reaction`: `message_uuid` and `emoji` (empty removes the reaction).',
    oneOf: contentClasses.map((contentClass) => ({ $ref: getSchemaPath(contentClass) })),
  })
  @ValidateNested()
  @Type((options?: TypeHelpOptions) => contentClassFor((options?.object ?? {}) as RequestShape))
  @IsObject({ message: 'content must be an object' })
  @IsDefined({ message: 'content is required' })
  content: MessageContent;

  @ApiPropertyOptional({
    description:
      "Herald extension: quote an earlier message of the conversation, by its uuid (the team's message once sent, or the customer's). Not on a reaction.",
    example: 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5',
  })
  @ValidateIf((request: SendMessageDto) => request.reply_to !== undefined)
  @ValidateBy({
    name: 'noReplyToOnReaction',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) => (args?.object as SendMessageDto).type !== 'reaction',
      defaultMessage: () => 'reply_to is not for a reaction: a reaction names its message in content.message_uuid',
    },
  })
  @Matches(/^[0-9a-f]{32}$/, { message: 'reply_to must be a message uuid (32 hex digits)' })
  @IsString({ message: 'reply_to must be a message uuid' })
  reply_to?: string;

  @ApiPropertyOptional({ description: 'The template to send (required with optin_contact for a template message)', example: 'd980fb66fd5043d3ace1aac06e7ba6a7' })
  @ValidateIf(
    (request: SendMessageDto) =>
      request.template_uuid !== undefined || request.template_values !== undefined || request.template_language !== undefined,
  )
  @Matches(UUID_REFERENCE_PATTERN, { message: 'template_uuid must be a template uuid (32 hex digits)' })
  @IsString({ message: 'template_uuid is required with template_values or template_language, and must be a string' })
  template_uuid?: string;

  @ApiPropertyOptional({
    description:
      "Herald extension: the language to send the template in, when it exists in several (WhatsApp's codes). By default the sending channel's language if the template has it, else the language of template_uuid.",
    example: 'es',
  })
  @IsOptional()
  @Matches(templateLanguagePattern, { message: 'template_language must be a WhatsApp language code, such as en_US or es' })
  @IsString({ message: 'template_language must be a string' })
  template_language?: string;

  @ApiPropertyOptional({ description: 'Confirms the contact opted in to receive messages; required for templates', example: true })
  @ValidateIf((request: SendMessageDto) => request.optin_contact !== undefined || isTemplate(request))
  @IsBoolean({ message: 'optin_contact must be true or false, and is required for template messages' })
  optin_contact?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'Values of the placeholders {{1}}..{{n}}, in order', example: ['Jack', 'message', 'Cheers'] })
  @IsOptional()
  @MaxLength(MAX_CAPTION_LENGTH, { each: true })
  @IsString({ each: true })
  @ArrayMaxSize(MAX_TEMPLATE_VALUES)
  @ArrayMinSize(1)
  @IsArray()
  template_values?: string[];

  @ApiPropertyOptional({
    type: TemplateParametersDto,
    description:
      "Herald extension: the values Callbell's fields cannot carry: a text header's, named or typed (currency, date_time) body values, buttons' (URL suffix, quick reply payload, coupon code, one-time password) and carousel cards'. See docs/api.md.",
    example: templateParametersExample,
  })
  @ValidateNested()
  @Type(() => TemplateParametersDto)
  @IsObject({ message: 'template_parameters must be an object' })
  @FitsTemplateRequest()
  @IsOptional()
  template_parameters?: TemplateParametersDto;

  @ApiPropertyOptional({ format: 'email', description: 'Assign the conversation to this team member', example: 'john.doe@example.com' })
  @IsOptional()
  @MaxLength(254)
  @IsEmail({}, { message: 'assigned_user must be an email address' })
  @IsString()
  assigned_user?: string;

  @ApiPropertyOptional({ description: 'Send from this channel (a channel uuid)' })
  @IsOptional()
  @IsUUID(undefined, { message: 'channel_uuid must be a channel uuid' })
  channel_uuid?: string;

  @ApiPropertyOptional({ description: 'Assign the conversation to this team' })
  @IsOptional()
  @Matches(UUID_REFERENCE_PATTERN, { message: 'team_uuid must be a team uuid' })
  @IsString()
  team_uuid?: string;

  @ApiPropertyOptional({ description: 'Extra fields in the response, comma-separated: `contact`', example: 'contact' })
  @IsOptional()
  @Matches(/^contact$/, { message: 'fields may only be "contact"' })
  @IsString()
  fields?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: 'Free key/values kept with the message', example: { order: '1234' } })
  @IsOptional()
  @IsMessageMetadata()
  metadata?: Record<string, string>;

  @ApiPropertyOptional({ enum: botStatuses })
  @IsOptional()
  @IsIn(botStatuses)
  bot_status?: (typeof botStatuses)[number];
}

/** A template message can carry a media header of these kinds only. */
export function isSupportedTemplateType(type: string): boolean {
  return type === 'text' || (templateMediaTypes as readonly string[]).includes(type);
}

