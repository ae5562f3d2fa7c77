import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, Equals, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import {
  ContactCardContentDto,
  InteractiveActionContentDto,
  InteractiveBodyContentDto,
  InteractiveFooterContentDto,
  interactiveHeaderTypes,
  type InteractiveHeaderType,
  interactiveTypes,
  type InteractiveType,
  LocationContentDto,
  MAX_CONTACT_CARDS,
} from '../../messages/message-kinds.dto';

/** A text message, ready for the provider. */
export class OutboundText {
  @IsString()
  @MaxLength(4096)
  body: string;

  @Equals(false)
  previewUrl: boolean;
}

/** A media message's media, by link or by an uploaded WhatsApp media id. */
export class OutboundMedia {
  @ValidateIf((media: OutboundMedia) => media.id === undefined || media.link !== undefined)
  @IsString()
  @MaxLength(2048)
  link?: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  id?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  caption?: string;

  @IsOptional()
  @IsString()
  @MaxLength(240)
  filename?: string;
}

export const templateParameterTypes = ['text', 'currency', 'date_time', 'image', 'document', 'video', 'payload', 'coupon_code'] as const;
export type TemplateParameterType = (typeof templateParameterTypes)[number];

/** A template header's media: by link, or by a media id uploaded to WhatsApp (a carousel card's). */
export class OutboundTemplateMedia {
  @ValidateIf((media: OutboundTemplateMedia) => media.id === undefined)
  @IsString()
  @MaxLength(2048)
  link?: string;

  @IsOptional()
  @IsString()
  id?: string;

  @IsOptional()
  @IsString()
  @MaxLength(240)
  filename?: string;
}

export class OutboundCurrency {
  @IsString()
  fallback_value: string;

  @IsString()
  code: string;

  @IsInt()
  amount_1000: number;
}

export class OutboundDateTime {
  @IsString()
  fallback_value: string;
}

/** One value filled into a template, in the Graph API's shape (Meta's ParameterObject and ButtonParameterObject). */
export class OutboundTemplateParameter {
  @IsIn(templateParameterTypes)
  type: TemplateParameterType;

  /** A named placeholder's name, in a template whose parameter_format is NAMED. */
  @IsOptional()
  @IsString()
  parameter_name?: string;

  @ValidateIf((parameter: OutboundTemplateParameter) => parameter.type === 'text')
  @IsString()
  text?: string;

  @ValidateIf((parameter: OutboundTemplateParameter) => parameter.type === 'currency')
  @ValidateNested()
  @Type(() => OutboundCurrency)
  currency?: OutboundCurrency;

  @ValidateIf((parameter: OutboundTemplateParameter) => parameter.type === 'date_time')
  @ValidateNested()
  @Type(() => OutboundDateTime)
  date_time?: OutboundDateTime;

  @ValidateIf((parameter: OutboundTemplateParameter) => parameter.type === 'image')
  @ValidateNested()
  @Type(() => OutboundTemplateMedia)
  image?: OutboundTemplateMedia;

  @ValidateIf((parameter: OutboundTemplateParameter) => parameter.type === 'document')
  @ValidateNested()
  @Type(() => OutboundTemplateMedia)
  document?: OutboundTemplateMedia;

  @ValidateIf((parameter: OutboundTemplateParameter) => parameter.type === 'video')
  @ValidateNested()
  @Type(() => OutboundTemplateMedia)
  video?: OutboundTemplateMedia;

  @ValidateIf((parameter: OutboundTemplateParameter) => parameter.type === 'payload')
  @IsString()
  payload?: string;

  @ValidateIf((parameter: OutboundTemplateParameter) => parameter.type === 'coupon_code')
  @IsString()
  coupon_code?: string;
}

export const templateComponentTypes = ['header', 'body', 'button', 'carousel'] as const;
export type TemplateComponentType = (typeof templateComponentTypes)[number];
export const templateButtonSubTypes = ['url', 'quick_reply', 'copy_code'] as const;
export type TemplateButtonSubType = (typeof templateButtonSubTypes)[number];

/** One carousel card's components, by its position in the template. */
export class OutboundCarouselCard {
  @IsInt()
  card_index: number;

  @ValidateNested({ each: true })
  @Type(() => OutboundTemplateComponent)
  @IsObject({ each: true })
  @IsArray()
  components: OutboundTemplateComponent[];
}

/**
 * The values of one part of a template, in the Graph API's shape (`components[]` of a template send): the header,
 * the body, one button by `index` with its `sub_type`, or the carousel's cards.
 */
export class OutboundTemplateComponent {
  @IsIn(templateComponentTypes)
  type: TemplateComponentType;

  @ValidateIf((component: OutboundTemplateComponent) => component.type === 'button')
  @IsIn(templateButtonSubTypes)
  sub_type?: TemplateButtonSubType;

  /** Meta's examples give a button's position as a string. */
  @ValidateIf((component: OutboundTemplateComponent) => component.type === 'button')
  @IsString()
  index?: string;

  @ValidateIf((component: OutboundTemplateComponent) => component.type !== 'carousel')
  @ValidateNested({ each: true })
  @Type(() => OutboundTemplateParameter)
  @IsObject({ each: true })
  @IsArray()
  parameters?: OutboundTemplateParameter[];

  @ValidateIf((component: OutboundTemplateComponent) => component.type === 'carousel')
  @ValidateNested({ each: true })
  @Type(() => OutboundCarouselCard)
  @IsObject({ each: true })
  @IsArray()
  cards?: OutboundCarouselCard[];
}

/** A template to send: its name and language, and the Graph API components built from the request's values. */
export class OutboundTemplate {
  @IsString()
  name: string;

  @IsString()
  language: string;

  /** Header, body, button and carousel values, as the template service built them. */
  @ValidateNested({ each: true })
  @Type(() => OutboundTemplateComponent)
  @IsObject({ each: true })
  @IsArray()
  components: OutboundTemplateComponent[];
}

/** The header of an interactive message, in the Graph API's shape: a text, or a media. */
export class OutboundInteractiveHeader {
  @IsIn(interactiveHeaderTypes)
  type: InteractiveHeaderType;

  @IsOptional()
  @IsString()
  text?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => OutboundMedia)
  image?: OutboundMedia;

  @IsOptional()
  @ValidateNested()
  @Type(() => OutboundMedia)
  video?: OutboundMedia;

  @IsOptional()
  @ValidateNested()
  @Type(() => OutboundMedia)
  document?: OutboundMedia;
}

/** An interactive message (reply buttons, list, call-to-action URL), in the Graph API's shape, checked at the ingress. */
export class OutboundInteractive {
  @IsIn(interactiveTypes)
  type: InteractiveType;

  @IsOptional()
  @ValidateNested()
  @Type(() => OutboundInteractiveHeader)
  header?: OutboundInteractiveHeader;

  @ValidateNested()
  @Type(() => InteractiveBodyContentDto)
  body: InteractiveBodyContentDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => InteractiveFooterContentDto)
  footer?: InteractiveFooterContentDto;

  @ValidateNested()
  @Type(() => InteractiveActionContentDto)
  action: InteractiveActionContentDto;
}

/** A reaction: the WhatsApp id of the message reacted to, and the emoji (empty takes it back). */
export class OutboundReaction {
  @MinLength(1)
  @IsString()
  messageId: string;

  @IsString()
  emoji: string;
}

/** The message a reply quotes, by its WhatsApp id. */
export class OutboundContext {
  @MinLength(1)
  @IsString()
  messageId: string;
}

export const outboundKinds = ['text', 'image', 'document', 'audio', 'video', 'sticker', 'interactive', 'location', 'contacts', 'reaction', 'template'] as const;
export type OutboundKind = (typeof outboundKinds)[number];
export const outboundMediaKinds = ['image', 'document', 'audio', 'video', 'sticker'] as const;
export type OutboundMediaKind = (typeof outboundMediaKinds)[number];
const isMediaKind = (kind: OutboundKind) => (outboundMediaKinds as readonly string[]).includes(kind);

/** The message in the provider-neutral shape the dispatcher turns into a Graph API request. */
export class OutboundMessage {
  @IsIn(outboundKinds)
  kind: OutboundKind;

  /** For `text`. */
  @ValidateIf((message: OutboundMessage) => message.kind === 'text')
  @ValidateNested()
  @Type(() => OutboundText)
  text?: OutboundText;

  /** For `image`, `document`, `audio`, `video` and `sticker`. */
  @ValidateIf((message: OutboundMessage) => isMediaKind(message.kind))
  @ValidateNested()
  @Type(() => OutboundMedia)
  media?: OutboundMedia;

  /** For `template`. */
  @ValidateIf((message: OutboundMessage) => message.kind === 'template')
  @ValidateNested()
  @Type(() => OutboundTemplate)
  template?: OutboundTemplate;

  /** For `interactive`. */
  @ValidateIf((message: OutboundMessage) => message.kind === 'interactive')
  @ValidateNested()
  @Type(() => OutboundInteractive)
  interactive?: OutboundInteractive;

  /** For `location`. */
  @ValidateIf((message: OutboundMessage) => message.kind === 'location')
  @ValidateNested()
  @Type(() => LocationContentDto)
  location?: LocationContentDto;

  /** For `contacts`. */
  @ValidateIf((message: OutboundMessage) => message.kind === 'contacts')
  @ValidateNested({ each: true })
  @Type(() => ContactCardContentDto)
  @ArrayMaxSize(MAX_CONTACT_CARDS)
  @ArrayMinSize(1)
  @IsArray()
  contacts?: ContactCardContentDto[];

  /** For `reaction`. */
  @ValidateIf((message: OutboundMessage) => message.kind === 'reaction')
  @ValidateNested()
  @Type(() => OutboundReaction)
  reaction?: OutboundReaction;

  /** Any kind but a reaction may quote an earlier message. */
  @IsOptional()
  @ValidateNested()
  @Type(() => OutboundContext)
  context?: OutboundContext;
}
