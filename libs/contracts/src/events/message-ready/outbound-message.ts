import { Type } from 'class-transformer';
import { Equals, IsArray, IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';

/** A text message, ready for the provider. */
export class OutboundText {
  @IsString()
  @MaxLength(4096)
  body: string;

  @Equals(false)
  previewUrl: boolean;
}

/** A media message's media, by link. */
export class OutboundMedia {
  @IsString()
  @MaxLength(2048)
  link: string;

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

export const outboundKinds = ['text', 'image', 'document', 'audio', 'video', 'template'] as const;
export type OutboundKind = (typeof outboundKinds)[number];

/** The message in the provider-neutral shape the dispatcher turns into a Graph API request. */
export class OutboundMessage {
  @IsIn(outboundKinds)
  kind: OutboundKind;

  /** For `text`. */
  @ValidateIf((message: OutboundMessage) => message.kind === 'text')
  @ValidateNested()
  @Type(() => OutboundText)
  text?: OutboundText;

  /** For `image`, `document`, `audio` and `video`. */
  @ValidateIf((message: OutboundMessage) => message.kind !== 'text' && message.kind !== 'template')
  @ValidateNested()
  @Type(() => OutboundMedia)
  media?: OutboundMedia;

  /** For `template`. */
  @ValidateIf((message: OutboundMessage) => message.kind === 'template')
  @ValidateNested()
  @Type(() => OutboundTemplate)
  template?: OutboundTemplate;
}
