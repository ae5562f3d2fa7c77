import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBase64,
  IsBoolean,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';

/** The kinds of message the sandbox sends; a request names one. */
const messageKinds = ['text', 'image', 'sticker', 'document', 'location', 'button', 'contacts'] as const;

const kindsGiven = (input: object) => messageKinds.filter((kind) => (input as Record<string, unknown>)[kind] !== undefined);

@ValidatorConstraint({ name: 'oneMessageKind' })
class OneMessageKind implements ValidatorConstraintInterface {
  validate(_value: unknown, { object }: ValidationArguments): boolean {
    return kindsGiven(object).length === 1;
  }

  defaultMessage(): string {
    return `give one of ${messageKinds.join(', ')}`;
  }
}

/**
 * A media's bytes, base64: kept under the media id the webhook names, for the Graph API's media endpoints to serve.
 * Without them the sandbox makes up a small file of its own (a PNG picture, a PDF document).
 */
const MEDIA_DATA_MAX_BASE64 = 768 * 1024;

/** An image the customer sent, as Meta describes it; the sandbox makes up the media id and computes the hash. */
export class SimulatedImageDto {
  @IsOptional()
  @MaxLength(1024)
  @IsString()
  caption?: string;

  /** `image/jpeg` with `data`; without it, `image/png`, the sandbox's own picture (a type given here is kept). */
  @IsOptional()
  @Matches(/^image\/[\w.+-]+$/, { message: 'mime_type must be an image type' })
  mime_type?: string;

  @IsOptional()
  @IsBase64(undefined, { message: 'data must be the base64 of the file' })
  @MaxLength(MEDIA_DATA_MAX_BASE64)
  @MinLength(4)
  @IsString()
  data?: string;
}

/** A sticker: `image/webp` with `data`, or the sandbox's own picture. */
export class SimulatedStickerDto {
  @IsOptional()
  @Matches(/^image\/[\w.+-]+$/, { message: 'mime_type must be an image type' })
  mime_type?: string;

  @IsOptional()
  @IsBoolean()
  animated?: boolean;

  @IsOptional()
  @IsBase64(undefined, { message: 'data must be the base64 of the file' })
  @MaxLength(MEDIA_DATA_MAX_BASE64)
  @MinLength(4)
  @IsString()
  data?: string;
}

/** A document: `application/pdf` and `document.pdf` by default, the sandbox's own one-page PDF without `data`. */
export class SimulatedDocumentDto {
  @IsOptional()
  @MaxLength(1024)
  @IsString()
  caption?: string;

  @IsOptional()
  @MaxLength(240)
  @MinLength(1)
  @IsString()
  filename?: string;

  @IsOptional()
  @Matches(/^[\w.+-]+\/[\w.+-]+$/, { message: 'mime_type must be a media type, such as application/pdf' })
  mime_type?: string;

  @IsOptional()
  @IsBase64(undefined, { message: 'data must be the base64 of the file' })
  @MaxLength(MEDIA_DATA_MAX_BASE64)
  @MinLength(4)
  @IsString()
  data?: string;
}

export class SimulatedContactNameDto {
  @MaxLength(256)
  @MinLength(1)
  @IsString()
  formatted_name: string;

  @IsOptional()
  @MaxLength(256)
  @IsString()
  first_name?: string;

  @IsOptional()
  @MaxLength(256)
  @IsString()
  last_name?: string;
}

export class SimulatedContactPhoneDto {
  @MaxLength(64)
  @MinLength(1)
  @IsString()
  phone: string;

  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'wa_id must be digits' })
  wa_id?: string;

  @IsOptional()
  @MaxLength(64)
  @IsString()
  type?: string;
}

export class SimulatedContactEmailDto {
  @MaxLength(256)
  @MinLength(1)
  @IsString()
  email: string;

  @IsOptional()
  @MaxLength(64)
  @IsString()
  type?: string;
}

/** A contact card the customer shares, in Meta's terms (the commonly shared parts). */
export class SimulatedContactCardDto {
  @ValidateNested()
  @Type(() => SimulatedContactNameDto)
  @IsObject()
  name: SimulatedContactNameDto;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => SimulatedContactPhoneDto)
  @IsObject({ each: true })
  @ArrayMaxSize(20)
  @IsArray()
  phones?: SimulatedContactPhoneDto[];

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => SimulatedContactEmailDto)
  @IsObject({ each: true })
  @ArrayMaxSize(20)
  @IsArray()
  emails?: SimulatedContactEmailDto[];
}

export class SimulatedLocationDto {
  @Max(90)
  @Min(-90)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  latitude: number;

  @Max(180)
  @Min(-180)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  longitude: number;

  @IsOptional()
  @MaxLength(1024)
  @IsString()
  name?: string;

  @IsOptional()
  @MaxLength(1024)
  @IsString()
  address?: string;
}

/** A tap on a template's quick-reply button: its text, and the payload the template gave it (the text by default). */
export class SimulatedButtonDto {
  @MaxLength(256)
  @MinLength(1)
  @IsString()
  text: string;

  @IsOptional()
  @MaxLength(256)
  @IsString()
  payload?: string;
}

/**
 * A customer writing in, as the sandbox simulates it: a text, or one of `image`, `sticker`, `document`, `location`,
 * `button`, `contacts`.
 */
export class SimulateInboundDto {
  /** The customer's number, E.164 (`+15550001111`). */
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'from must be a phone number in E.164 format' })
  from: string;

  @ValidateIf((input: SimulateInboundDto) => input.text !== undefined || kindsGiven(input).length === 0)
  @Validate(OneMessageKind)
  @MaxLength(4096)
  @MinLength(1)
  @IsString()
  text?: string;

  @IsOptional()
  @Validate(OneMessageKind)
  @ValidateNested()
  @Type(() => SimulatedImageDto)
  @IsObject()
  image?: SimulatedImageDto;

  @IsOptional()
  @Validate(OneMessageKind)
  @ValidateNested()
  @Type(() => SimulatedStickerDto)
  @IsObject()
  sticker?: SimulatedStickerDto;

  @IsOptional()
  @Validate(OneMessageKind)
  @ValidateNested()
  @Type(() => SimulatedDocumentDto)
  @IsObject()
  document?: SimulatedDocumentDto;

  @IsOptional()
  @Validate(OneMessageKind)
  @ValidateNested({ each: true })
  @Type(() => SimulatedContactCardDto)
  @IsObject({ each: true })
  @ArrayMaxSize(20)
  @ArrayMinSize(1)
  @IsArray()
  contacts?: SimulatedContactCardDto[];

  @IsOptional()
  @Validate(OneMessageKind)
  @ValidateNested()
  @Type(() => SimulatedLocationDto)
  @IsObject()
  location?: SimulatedLocationDto;

  @IsOptional()
  @Validate(OneMessageKind)
  @ValidateNested()
  @Type(() => SimulatedButtonDto)
  @IsObject()
  button?: SimulatedButtonDto;

  /** The business number written to; the sandbox's own by default. */
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'phone_number_id must be digits' })
  phone_number_id?: string;

  /** The customer's WhatsApp profile name, in the webhook's `contacts[0].profile.name`; `Sandbox Customer` by default. */
  @IsOptional()
  @MaxLength(256)
  @IsString()
  profile_name?: string;

  /** The profile name's earlier spelling, still read. */
  @IsOptional()
  @MaxLength(256)
  @IsString()
  name?: string;

  /** When the customer wrote (ISO 8601); now by default. Lets a test or a person try the 24-hour window's edge. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'sent_at must be an ISO 8601 date-time' })
  sent_at?: string;
}
