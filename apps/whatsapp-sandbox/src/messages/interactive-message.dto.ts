import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { DocumentObjectDto, mediaLinkOptions, MediaObjectDto } from './media-object.dto';

/**
 * WhatsApp's limits on interactive messages. Meta's OpenAPI description gives most of them; where it is silent
 * (the rows of a list counted across its sections, the call-to-action URL button) they are Meta's public docs'.
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
} as const;

/** The interactive messages the sandbox emulates; Meta has more (product, product_list, catalog_message, flow...). */
export const interactiveTypes = ['button', 'list', 'cta_url'] as const;
export type InteractiveType = (typeof interactiveTypes)[number];

const interactiveHeaderTypes = ['text', 'image', 'video', 'document'] as const;

const nonEmptyStringOfAtMost = (max: number) => [
  IsString({ message: 'must be a string' }),
  MinLength(1, { message: 'must not be empty' }),
  MaxLength(max, { message: `must be at most ${max} characters` }),
];

/** Applies decorators in the order written: describeProblems reports the first one written that failed. */
function all(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => [...decorators].reverse().forEach((decorator) => decorator(target, key));
}

function distinct(values: unknown[]): boolean {
  return new Set(values).size === values.length;
}

export class InteractiveHeaderDto {
  @IsIn(interactiveHeaderTypes, { message: `must be one of ${interactiveHeaderTypes.join(', ')}` })
  type: (typeof interactiveHeaderTypes)[number];

  @ValidateIf((header: InteractiveHeaderDto) => header.type === 'text')
  @all(...nonEmptyStringOfAtMost(INTERACTIVE_LIMITS.headerText))
  text?: string;

  @ValidateIf((header: InteractiveHeaderDto) => header.type === 'image')
  @IsObject({ message: 'must be an object (required when type is image)' })
  @ValidateNested()
  @Type(() => MediaObjectDto)
  image?: MediaObjectDto;

  @ValidateIf((header: InteractiveHeaderDto) => header.type === 'video')
  @IsObject({ message: 'must be an object (required when type is video)' })
  @ValidateNested()
  @Type(() => MediaObjectDto)
  video?: MediaObjectDto;

  @ValidateIf((header: InteractiveHeaderDto) => header.type === 'document')
  @IsObject({ message: 'must be an object (required when type is document)' })
  @ValidateNested()
  @Type(() => DocumentObjectDto)
  document?: DocumentObjectDto;
}

export class InteractiveBodyDto {
  @all(...nonEmptyStringOfAtMost(INTERACTIVE_LIMITS.bodyText))
  text: string;
}

export class InteractiveFooterDto {
  @all(...nonEmptyStringOfAtMost(INTERACTIVE_LIMITS.footerText))
  text: string;
}

export class ReplyDto {
  @all(...nonEmptyStringOfAtMost(INTERACTIVE_LIMITS.replyButtonId))
  id: string;

  @all(...nonEmptyStringOfAtMost(INTERACTIVE_LIMITS.replyButtonTitle))
  title: string;
}

export class ReplyButtonDto {
  @Equals('reply', { message: 'must be "reply"' })
  type: 'reply';

  @IsObject({ message: 'must be an object such as {"id":"yes","title":"Yes"}' })
  @ValidateNested()
  @Type(() => ReplyDto)
  reply: ReplyDto;
}

/** `action` of a reply-button message: one to three buttons, titles and ids each distinct. */
export class ButtonsActionDto {
  @IsArray({ message: 'must be an array of reply buttons' })
  @ArrayMinSize(1, { message: 'must hold at least 1 button' })
  @ArrayMaxSize(INTERACTIVE_LIMITS.replyButtons, {
    message: `must hold at most ${INTERACTIVE_LIMITS.replyButtons} buttons`,
  })
  @ValidateBy({
    name: 'distinctReplyButtons',
    validator: {
      validate: (buttons: unknown) =>
        !Array.isArray(buttons) ||
        (distinct(buttons.map((button: ReplyButtonDto) => button?.reply?.title)) &&
          distinct(buttons.map((button: ReplyButtonDto) => button?.reply?.id))),
      defaultMessage: () => 'must have distinct titles and distinct ids',
    },
  })
  @ValidateNested({ each: true })
  @Type(() => ReplyButtonDto)
  buttons: ReplyButtonDto[];
}

export class ListRowDto {
  @all(...nonEmptyStringOfAtMost(INTERACTIVE_LIMITS.rowId))
  id: string;

  @all(...nonEmptyStringOfAtMost(INTERACTIVE_LIMITS.rowTitle))
  title: string;

  @IsOptional()
  @all(...nonEmptyStringOfAtMost(INTERACTIVE_LIMITS.rowDescription))
  description?: string;
}

export class ListSectionDto {
  @IsOptional()
  @all(...nonEmptyStringOfAtMost(INTERACTIVE_LIMITS.sectionTitle))
  title?: string;

  @IsArray({ message: 'must be an array of rows' })
  @ArrayMinSize(1, { message: 'must hold at least 1 row' })
  @ValidateNested({ each: true })
  @Type(() => ListRowDto)
  rows: ListRowDto[];
}

const rowsOf = (sections: unknown[]) =>
  (sections as ListSectionDto[]).flatMap((section: ListSectionDto) => (Array.isArray(section?.rows) ? section.rows : []));

/** `action` of a list message: its button's text and one to ten sections holding ten rows at most in all. */
export class ListActionDto {
  @all(...nonEmptyStringOfAtMost(INTERACTIVE_LIMITS.listButtonText))
  button: string;

  @IsArray({ message: 'must be an array of sections' })
  @ArrayMinSize(1, { message: 'must hold at least 1 section' })
  @ArrayMaxSize(INTERACTIVE_LIMITS.sections, { message: `must hold at most ${INTERACTIVE_LIMITS.sections} sections` })
  @ValidateBy({
    name: 'atMostTenRows',
    validator: {
      validate: (sections: unknown) => !Array.isArray(sections) || rowsOf(sections).length <= INTERACTIVE_LIMITS.rows,
      defaultMessage: () => `must hold at most ${INTERACTIVE_LIMITS.rows} rows in all`,
    },
  })
  @ValidateBy({
    name: 'titledWhenSeveral',
    validator: {
      validate: (sections: unknown) =>
        !Array.isArray(sections) ||
        sections.length < 2 ||
        sections.every((section: ListSectionDto) => section?.title !== undefined),
      defaultMessage: () => 'must each have a title when there are more than one',
    },
  })
  @ValidateBy({
    name: 'distinctRowIds',
    validator: {
      validate: (sections: unknown) =>
        !Array.isArray(sections) || distinct(rowsOf(sections).map((row: ListRowDto) => row?.id)),
      defaultMessage: () => 'must have rows with distinct ids',
    },
  })
  @ValidateNested({ each: true })
  @Type(() => ListSectionDto)
  sections: ListSectionDto[];
}

export class CtaUrlParametersDto {
  @all(...nonEmptyStringOfAtMost(INTERACTIVE_LIMITS.ctaDisplayText))
  display_text: string;

  @IsDefined({ message: 'is required' })
  @IsUrl(mediaLinkOptions, { message: 'must be an http or https URL' })
  url: string;
}

/** `action` of a call-to-action URL button message (absent from Meta's OpenAPI description; from its docs). */
export class CtaUrlActionDto {
  @Equals('cta_url', { message: 'must be "cta_url"' })
  name: 'cta_url';

  @IsObject({ message: 'must be an object such as {"display_text":"See dates","url":"https://..."}' })
  @ValidateNested()
  @Type(() => CtaUrlParametersDto)
  parameters: CtaUrlParametersDto;
}

const actionClasses = { button: ButtonsActionDto, list: ListActionDto, cta_url: CtaUrlActionDto } as const;

const isInteractiveType = (type: unknown): type is InteractiveType =>
  interactiveTypes.includes(type as InteractiveType);

/** The `interactive` object of a send: reply buttons, a list, or a call-to-action URL button. */
export class InteractiveObjectDto {
  @IsIn(interactiveTypes, {
    message: `must be one of ${interactiveTypes.join(', ')} (the interactive messages the sandbox emulates)`,
  })
  type: InteractiveType;

  @IsOptional()
  @IsObject({ message: 'must be an object such as {"type":"text","text":"..."}' })
  @ValidateBy({
    name: 'textHeaderForList',
    validator: {
      validate: (header: unknown, args?: ValidationArguments) =>
        (args?.object as InteractiveObjectDto).type !== 'list' || (header as InteractiveHeaderDto)?.type === 'text',
      defaultMessage: () => 'must be of type text in a list message',
    },
  })
  @ValidateNested()
  @Type(() => InteractiveHeaderDto)
  header?: InteractiveHeaderDto;

  @IsObject({ message: 'is required, such as {"text":"..."}' })
  @ValidateNested()
  @Type(() => InteractiveBodyDto)
  body: InteractiveBodyDto;

  @IsOptional()
  @IsObject({ message: 'must be an object such as {"text":"..."}' })
  @ValidateNested()
  @Type(() => InteractiveFooterDto)
  footer?: InteractiveFooterDto;

  @ValidateIf((interactive: InteractiveObjectDto) => isInteractiveType(interactive.type))
  @IsObject({ message: 'is required, an object whose shape depends on type' })
  @ValidateNested()
  @Type((options) => {
    const type = (options?.object as { type?: unknown } | undefined)?.type;
    return isInteractiveType(type) ? actionClasses[type] : ButtonsActionDto;
  })
  action: ButtonsActionDto | ListActionDto | CtaUrlActionDto;
}
