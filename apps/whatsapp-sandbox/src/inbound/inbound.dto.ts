import { IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** A customer writing in, as the sandbox simulates it. */
export class SimulateInboundDto {
  /** The customer's number, E.164 (`+15550001111`). */
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'from must be a phone number in E.164 format' })
  from: string;

  @MaxLength(4096)
  @MinLength(1)
  @IsString()
  text: string;

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
