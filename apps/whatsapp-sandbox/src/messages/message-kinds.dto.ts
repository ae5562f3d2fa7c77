import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';

/** A coordinate as Meta takes it: a number, or (as its OpenAPI description types it) a string holding one. */
const IsCoordinate = (limit: number) =>
  ValidateBy({
    name: 'isCoordinate',
    validator: {
      validate: (value: unknown) => {
        const number =
          typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
        return Number.isFinite(number) && Math.abs(number) <= limit;
      },
      defaultMessage: () => `must be a number from -${limit} to ${limit}`,
    },
  });

export class LocationObjectDto {
  @IsDefined({ message: 'is required' })
  @IsCoordinate(90)
  latitude: number | string;

  @IsDefined({ message: 'is required' })
  @IsCoordinate(180)
  longitude: number | string;

  @IsOptional()
  @IsString({ message: 'must be a string' })
  name?: string;

  @IsOptional()
  @IsString({ message: 'must be a string' })
  address?: string;
}

/** Meta's OpenAPI description lists HOME and WORK only; its docs add these for phones. */
const phoneTypes = ['CELL', 'MAIN', 'IPHONE', 'HOME', 'WORK'];
const homeOrWork = ['HOME', 'WORK'];

export class ContactNameDto {
  @IsString({ message: 'must be a string (required)' })
  @MinLength(1, { message: 'must not be empty' })
  formatted_name: string;

  @IsOptional() @IsString({ message: 'must be a string' }) first_name?: string;
  @IsOptional() @IsString({ message: 'must be a string' }) last_name?: string;
  @IsOptional() @IsString({ message: 'must be a string' }) middle_name?: string;
  @IsOptional() @IsString({ message: 'must be a string' }) prefix?: string;
  @IsOptional() @IsString({ message: 'must be a string' }) suffix?: string;
}

export class ContactPhoneDto {
  @IsString({ message: 'must be a string (required)' })
  @MinLength(1, { message: 'must not be empty' })
  phone: string;

  @IsOptional()
  @IsIn(phoneTypes, { message: `must be one of ${phoneTypes.join(', ')}` })
  type?: string;

  @IsOptional()
  @Matches(/^\d{7,15}$/, { message: 'must be the digits of a phone number' })
  wa_id?: string;
}

export class ContactEmailDto {
  @IsDefined({ message: 'is required' })
  @IsEmail({}, { message: 'must be an email address' })
  email: string;

  @IsOptional()
  @IsIn(homeOrWork, { message: 'must be HOME or WORK' })
  type?: string;
}

export class ContactUrlDto {
  @IsDefined({ message: 'is required' })
  @IsUrl({ require_protocol: true }, { message: 'must be a URL' })
  url: string;

  @IsOptional()
  @IsIn(homeOrWork, { message: 'must be HOME or WORK' })
  type?: string;
}

export class ContactAddressDto {
  @IsOptional() @IsString({ message: 'must be a string' }) street?: string;
  @IsOptional() @IsString({ message: 'must be a string' }) city?: string;
  @IsOptional() @IsString({ message: 'must be a string' }) state?: string;
  @IsOptional() @IsString({ message: 'must be a string' }) zip?: string;
  @IsOptional() @IsString({ message: 'must be a string' }) country?: string;
  @IsOptional() @IsString({ message: 'must be a string' }) country_code?: string;

  @IsOptional()
  @IsIn(homeOrWork, { message: 'must be HOME or WORK' })
  type?: string;
}

export class ContactOrgDto {
  @IsOptional() @IsString({ message: 'must be a string' }) company?: string;
  @IsOptional() @IsString({ message: 'must be a string' }) department?: string;
  @IsOptional() @IsString({ message: 'must be a string' }) title?: string;
}

/** One contact card of a `contacts` message: a name is what Meta requires. */
export class ContactDto {
  @IsObject({ message: 'is required, such as {"formatted_name":"John Smith"}' })
  @ValidateNested()
  @Type(() => ContactNameDto)
  name: ContactNameDto;

  @IsOptional()
  @IsArray({ message: 'must be an array' })
  @ValidateNested({ each: true })
  @Type(() => ContactPhoneDto)
  phones?: ContactPhoneDto[];

  @IsOptional()
  @IsArray({ message: 'must be an array' })
  @ValidateNested({ each: true })
  @Type(() => ContactEmailDto)
  emails?: ContactEmailDto[];

  @IsOptional()
  @IsArray({ message: 'must be an array' })
  @ValidateNested({ each: true })
  @Type(() => ContactUrlDto)
  urls?: ContactUrlDto[];

  @IsOptional()
  @IsArray({ message: 'must be an array' })
  @ValidateNested({ each: true })
  @Type(() => ContactAddressDto)
  addresses?: ContactAddressDto[];

  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => ContactOrgDto)
  org?: ContactOrgDto;

  @IsOptional()
  @Matches(/^\d{4}-\d\d-\d\d$/, { message: 'must be a date as YYYY-MM-DD' })
  birthday?: string;
}

export const MAX_CONTACTS = 5;

/** Declares the `contacts` array of a send: one to five contact cards. */
export function ContactsArray(): PropertyDecorator {
  return (target, key) => {
    Type(() => ContactDto)(target, key);
    ValidateNested({ each: true })(target, key);
    ArrayMaxSize(MAX_CONTACTS, { message: `must hold at most ${MAX_CONTACTS} contacts` })(target, key);
    ArrayMinSize(1, { message: 'must hold at least 1 contact' })(target, key);
    IsArray({ message: 'must be an array of contacts (required when type is contacts)' })(target, key);
  };
}

/** A single emoji, as a reaction carries it (an empty one takes the reaction back). */
const singleEmoji = new RegExp('^\\p{RGI_Emoji}$', 'v');

export class ReactionObjectDto {
  @IsString({ message: 'must be a string: the id of the message reacted to (required)' })
  @MinLength(1, { message: 'must not be empty' })
  message_id: string;

  @IsString({ message: 'must be a string: one emoji, or empty to remove the reaction (required)' })
  @ValidateBy({
    name: 'isEmojiOrEmpty',
    validator: {
      validate: (value: unknown) => value === '' || (typeof value === 'string' && singleEmoji.test(value)),
      defaultMessage: () => 'must be a single emoji, or empty to remove the reaction',
    },
  })
  emoji: string;
}

/** A reply quotes an earlier message: `{"message_id":"wamid..."}`. */
export class ContextObjectDto {
  @IsString({ message: 'must be a string (required)' })
  @MinLength(1, { message: 'must not be empty' })
  message_id: string;
}
