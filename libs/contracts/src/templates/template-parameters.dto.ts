import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
  registerDecorator,
} from 'class-validator';

/**
 * `template_parameters`, a Herald extension of Callbell's send request: the values of the template parts Callbell's
 * `content.text` and `template_values` cannot reach (a text header's value, named and typed body values, buttons,
 * carousel cards). What fits a template is the template service's to judge (it knows the template); this file only
 * holds the shape and WhatsApp's limits that do not depend on the template.
 */

/** WhatsApp's limits on template values (Meta's Cloud API reference, the parameter and button objects). */
export const MAX_TEMPLATE_HEADER_VALUE_LENGTH = 60;
export const MAX_TEMPLATE_BODY_VALUE_LENGTH = 1024;
/** A URL button's whole address, its template part and the suffix together. */
export const MAX_TEMPLATE_BUTTON_URL_LENGTH = 2000;
export const MAX_TEMPLATE_COUPON_CODE_LENGTH = 15;
export const MAX_TEMPLATE_OTP_LENGTH = 15;
export const MAX_TEMPLATE_PAYLOAD_LENGTH = 256;
export const MAX_TEMPLATE_BUTTONS = 10;
export const MAX_TEMPLATE_CAROUSEL_CARDS = 10;
export const MAX_TEMPLATE_BODY_VALUES = 100;
/** A named placeholder as Meta allows it in `{{name}}`: lower-case letters, digits and underscores. */
export const TEMPLATE_PARAMETER_NAME_PATTERN = /^[a-z][a-z0-9_]*$/;
export const CURRENCY_CODE_PATTERN = /^[A-Z]{3}$/;

const isSet = (value: unknown) => value !== undefined && value !== null;
/** The first of alternatives is checked when it is given or when none is, so that giving none is a problem too. */
const givenOrNoneOf =
  (property: string, alternatives: readonly string[]) =>
  (object: object): boolean => {
    const values = object as Record<string, unknown>;
    return isSet(values[property]) || alternatives.every((alternative) => !isSet(values[alternative]));
  };

/** Exactly one of these properties is set on an object: on each of them, so whichever is given checks it. */
function HasExactlyOneOf(properties: readonly string[]) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'hasExactlyOneOf',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (_value: unknown, args?: ValidationArguments) => {
          const object = (args?.object ?? {}) as Record<string, unknown>;
          return properties.filter((property) => isSet(object[property])).length === 1;
        },
        defaultMessage: () => `needs exactly one of ${properties.join(', ')}`,
      },
    });
}

export class TemplateCurrencyDto {
  @ApiProperty({ description: 'The text shown where the amount cannot be localised', example: '$100.99' })
  @MaxLength(MAX_TEMPLATE_BODY_VALUE_LENGTH)
  @MinLength(1)
  @IsString()
  fallback_value: string;

  @ApiProperty({ description: 'ISO 4217 currency code', example: 'USD' })
  @Matches(CURRENCY_CODE_PATTERN, { message: 'code must be an ISO 4217 currency code such as USD' })
  @IsString()
  code: string;

  @ApiProperty({ description: 'The amount multiplied by 1000', example: 100990 })
  @Max(2_147_483_647)
  @Min(-2_147_483_648)
  @IsInt({ message: 'amount_1000 must be an integer: the amount multiplied by 1000' })
  amount_1000: number;
}

export class TemplateDateTimeDto {
  @ApiProperty({ description: 'The date as the customer reads it (WhatsApp always shows this text)', example: 'February 25, 2026' })
  @MaxLength(MAX_TEMPLATE_BODY_VALUE_LENGTH)
  @MinLength(1)
  @IsString()
  fallback_value: string;
}

const valueKinds = ['text', 'currency', 'date_time'] as const;

/** One placeholder's value: text, an amount or a date; `name` for a template whose placeholders are named. */
export class TemplateValueDto {
  @ApiPropertyOptional({ description: 'The placeholder this value fills, in a template with named placeholders ({{first_name}})', example: 'first_name' })
  @IsOptional()
  @Matches(TEMPLATE_PARAMETER_NAME_PATTERN, { message: 'name must be lower-case letters, digits and underscores, starting with a letter' })
  @IsString()
  name?: string;

  @ApiPropertyOptional({ maxLength: MAX_TEMPLATE_BODY_VALUE_LENGTH, example: 'Jo' })
  @HasExactlyOneOf(valueKinds)
  @ValidateIf(givenOrNoneOf('text', valueKinds))
  @MaxLength(MAX_TEMPLATE_BODY_VALUE_LENGTH)
  @MinLength(1)
  @IsString()
  text?: string;

  @ApiPropertyOptional({ type: TemplateCurrencyDto, description: 'Body only' })
  @HasExactlyOneOf(valueKinds)
  @IsOptional()
  @ValidateNested()
  @Type(() => TemplateCurrencyDto)
  @IsObject()
  currency?: TemplateCurrencyDto;

  @ApiPropertyOptional({ type: TemplateDateTimeDto, description: 'Body only' })
  @HasExactlyOneOf(valueKinds)
  @IsOptional()
  @ValidateNested()
  @Type(() => TemplateDateTimeDto)
  @IsObject()
  date_time?: TemplateDateTimeDto;
}

/** A text header's value. */
export class TemplateHeaderValueDto {
  @ApiPropertyOptional({ description: 'The placeholder, in a template with named placeholders', example: 'customer_name' })
  @IsOptional()
  @Matches(TEMPLATE_PARAMETER_NAME_PATTERN, { message: 'name must be lower-case letters, digits and underscores, starting with a letter' })
  @IsString()
  name?: string;

  @ApiProperty({ maxLength: MAX_TEMPLATE_HEADER_VALUE_LENGTH, example: 'INV-0042' })
  @MaxLength(MAX_TEMPLATE_HEADER_VALUE_LENGTH)
  @MinLength(1)
  @IsString()
  text: string;
}

const buttonValueKeys = ['url_suffix', 'payload', 'coupon_code', 'otp'] as const;

/** The value of one button, by its position in the template: what its kind takes. */
export class TemplateButtonValueDto {
  @ApiProperty({ description: "The button's position in the template, from 0", example: 0 })
  @Max(MAX_TEMPLATE_BUTTONS - 1)
  @Min(0)
  @IsInt({ message: 'index must be an integer: the button position, from 0' })
  index: number;

  @ApiPropertyOptional({ description: "A URL button's dynamic suffix, the {{1}} of its address", example: 'PKG-1234' })
  @HasExactlyOneOf(buttonValueKeys)
  @ValidateIf(givenOrNoneOf('url_suffix', buttonValueKeys))
  @MaxLength(MAX_TEMPLATE_BUTTON_URL_LENGTH)
  @MinLength(1)
  @IsString()
  url_suffix?: string;

  @ApiPropertyOptional({ description: 'A quick reply button: what its webhook carries back when tapped', example: 'RESCHEDULE' })
  @HasExactlyOneOf(buttonValueKeys)
  @IsOptional()
  @MaxLength(MAX_TEMPLATE_PAYLOAD_LENGTH)
  @MinLength(1)
  @IsString()
  payload?: string;

  @ApiPropertyOptional({ maxLength: MAX_TEMPLATE_COUPON_CODE_LENGTH, description: 'A copy code button: the code', example: 'WELCOME15' })
  @HasExactlyOneOf(buttonValueKeys)
  @IsOptional()
  @MaxLength(MAX_TEMPLATE_COUPON_CODE_LENGTH)
  @MinLength(1)
  @IsString()
  coupon_code?: string;

  @ApiPropertyOptional({ maxLength: MAX_TEMPLATE_OTP_LENGTH, description: "An authentication template's one-time password (also its body's {{1}})", example: '123456' })
  @HasExactlyOneOf(buttonValueKeys)
  @IsOptional()
  @MaxLength(MAX_TEMPLATE_OTP_LENGTH)
  @MinLength(1)
  @IsString()
  otp?: string;
}

/** A carousel card's media header, by address or by a media id uploaded to WhatsApp. */
export class TemplateCardHeaderDto {
  @ApiPropertyOptional({ format: 'uri', example: 'https://shop.example.com/static/spring-0.jpg' })
  @HasExactlyOneOf(['url', 'id'])
  @ValidateIf(givenOrNoneOf('url', ['id']))
  @Matches(/^https?:\/\/\S+$/, { message: 'url must be an http(s) URL' })
  @MaxLength(2048)
  @IsString()
  url?: string;

  @ApiPropertyOptional({ description: 'A media id from WhatsApp' })
  @HasExactlyOneOf(['url', 'id'])
  @IsOptional()
  @Matches(/^\d{1,32}$/, { message: 'id must be a WhatsApp media id (digits)' })
  @IsString()
  id?: string;
}

/** One carousel card's values, by its position in the template. */
export class TemplateCardValuesDto {
  @ApiProperty({ description: "The card's position in the template, from 0", example: 0 })
  @Max(MAX_TEMPLATE_CAROUSEL_CARDS - 1)
  @Min(0)
  @IsInt({ message: 'card_index must be an integer: the card position, from 0' })
  card_index: number;

  @ApiProperty({ type: TemplateCardHeaderDto })
  @ValidateNested()
  @Type(() => TemplateCardHeaderDto)
  @IsObject({ message: 'header is required: the media of the card' })
  header: TemplateCardHeaderDto;

  @ApiPropertyOptional({ type: [TemplateValueDto] })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => TemplateValueDto)
  @IsObject({ each: true })
  @ArrayMaxSize(MAX_TEMPLATE_BODY_VALUES)
  @IsArray()
  body?: TemplateValueDto[];

  @ApiPropertyOptional({ type: [TemplateButtonValueDto] })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => TemplateButtonValueDto)
  @IsObject({ each: true })
  @ArrayMaxSize(MAX_TEMPLATE_BUTTONS)
  @IsArray()
  buttons?: TemplateButtonValueDto[];
}

export const templateParametersExample = {
  header: { name: 'customer_name', text: 'Jo' },
  body: [
    { name: 'first_name', text: 'Jo' },
    { name: 'tracking_number', text: 'PKG-1234' },
    { name: 'delivery_date', text: 'Friday' },
  ],
  buttons: [{ index: 0, url_suffix: 'PKG-1234' }, { index: 1, payload: 'RESCHEDULE' }],
};

/**
 * Herald extension: the values of a template's header text, named or typed body values, buttons and carousel cards.
 * The body's values go here or in `template_values`, never both.
 */
export class TemplateParametersDto {
  @ApiPropertyOptional({ type: TemplateHeaderValueDto, description: "A text header's value ({{1}}, or its name)" })
  @IsOptional()
  @ValidateNested()
  @Type(() => TemplateHeaderValueDto)
  @IsObject()
  header?: TemplateHeaderValueDto;

  @ApiPropertyOptional({
    type: [TemplateValueDto],
    description: 'The body values: in order for {{1}}..{{n}}, or each with its `name`; text, currency or date_time',
  })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => TemplateValueDto)
  @IsObject({ each: true })
  @ArrayMaxSize(MAX_TEMPLATE_BODY_VALUES)
  @ArrayMinSize(1)
  @IsArray()
  body?: TemplateValueDto[];

  @ApiPropertyOptional({ type: [TemplateButtonValueDto], description: 'One entry per button that takes a value, by index' })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => TemplateButtonValueDto)
  @IsObject({ each: true })
  @ArrayMaxSize(MAX_TEMPLATE_BUTTONS)
  @IsArray()
  buttons?: TemplateButtonValueDto[];

  @ApiPropertyOptional({ type: [TemplateCardValuesDto], description: "A carousel template: one entry per card, each with its header's media" })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => TemplateCardValuesDto)
  @IsObject({ each: true })
  @ArrayMaxSize(MAX_TEMPLATE_CAROUSEL_CARDS)
  @ArrayMinSize(1)
  @IsArray()
  carousel?: TemplateCardValuesDto[];
}

interface ParametersOwner {
  template_uuid?: unknown;
  template_values?: unknown;
}

/** `template_parameters` belongs to a template message, and the body's values come from it or `template_values`, not both. */
export function FitsTemplateRequest() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'fitsTemplateRequest',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          if (value === undefined) return true;
          const request = (args?.object ?? {}) as ParametersOwner;
          if (request.template_uuid === undefined || request.template_uuid === null) return false;
          const body = (value as { body?: unknown } | null)?.body;
          return !(body !== undefined && request.template_values !== undefined);
        },
        defaultMessage: (args?: ValidationArguments) => {
          const request = (args?.object ?? {}) as ParametersOwner;
          return request.template_uuid === undefined || request.template_uuid === null
            ? 'template_parameters is only for a template message (with template_uuid)'
            : "template_parameters.body and template_values both give the body's values: give one of them";
        },
      },
    });
}

/** The field names of the extension, as refusals name them. */
export type TemplateButtonValueKey = (typeof buttonValueKeys)[number];
