import { Type } from 'class-transformer';
import {
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
const messageKinds = ['text', 'image', 'location', 'button'] as const;

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

/** An image the customer sent, as Meta describes it; the sandbox makes up the media id and hash. */
export class SimulatedImageDto {
  @IsOptional()
  @MaxLength(1024)
  @IsString()
  caption?: string;

  @IsOptional()
  @Matches(/^image\/[\w.+-]+$/, { message: 'mime_type must be an image type' })
  mime_type?: string;
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

/** A customer writing in, as the sandbox simulates it: a text, or one of `image`, `location`, `button`. */
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

  @IsOptional()
  @MaxLength(256)
  @IsString()
  name?: string;

  /** When the customer wrote (ISO 8601); now by default. Lets a test or a person try the 24-hour window's edge. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'sent_at must be an ISO 8601 date-time' })
  sent_at?: string;
}
