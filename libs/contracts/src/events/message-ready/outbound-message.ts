import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, Equals, IsArray, IsIn, IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
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

export const templateParameterTypes = ['text', 'image', 'document', 'video'] as const;
export type TemplateParameterType = (typeof templateParameterTypes)[number];

/** One value filled into a template, in the Graph API's shape: a body text, or the header's media by link. */
export class OutboundTemplateParameter {
  @IsIn(templateParameterTypes)
  type: TemplateParameterType;

  @ValidateIf((parameter: OutboundTemplateParameter) => parameter.type === 'text')
  @IsString()
  text?: string;

  @ValidateIf((parameter: OutboundTemplateParameter) => parameter.type === 'image')
  @ValidateNested()
  @Type(() => OutboundMedia)
  image?: OutboundMedia;

  @ValidateIf((parameter: OutboundTemplateParameter) => parameter.type === 'document')
  @ValidateNested()
  @Type(() => OutboundMedia)
  document?: OutboundMedia;

  @ValidateIf((parameter: OutboundTemplateParameter) => parameter.type === 'video')
  @ValidateNested()
  @Type(() => OutboundMedia)
  video?: OutboundMedia;
}

export const templateComponentTypes = ['header', 'body'] as const;
export type TemplateComponentType = (typeof templateComponentTypes)[number];

/** The parameters of one part of a template, in the Graph API's shape (`components[]` of a template send). */
export class OutboundTemplateComponent {
  @IsIn(templateComponentTypes)
  type: TemplateComponentType;

  @ValidateNested({ each: true })
  @Type(() => OutboundTemplateParameter)
  @IsObject({ each: true })
  @IsArray()
  parameters: OutboundTemplateParameter[];
}

/** A template to send: its name and language, and the Graph API components built from the request's values. */
export class OutboundTemplate {
  @IsString()
  name: string;

  @IsString()
  language: string;

  /** Header media and body parameters, as the template service built them. */
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
