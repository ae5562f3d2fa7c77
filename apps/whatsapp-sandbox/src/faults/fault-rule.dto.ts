import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/** The Graph API error to answer with, in Meta's shape. */
export class InjectedErrorDto {
  @IsInt()
  @Min(400)
  @Max(599)
  http_status: number;

  /** Meta's error code (131026, 131000...); none for a bare server error. */
  @IsOptional()
  @IsInt()
  code?: number;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  message?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  details?: string;
}

/** The error a `failed` status webhook carries: WhatsApp accepted the send and could not deliver it. */
export class InjectedDeliveryFailureDto {
  @IsInt()
  code: number;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  title?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  details?: string;
}

export const connectionFaults = ['close', 'timeout'] as const;
export type ConnectionFault = (typeof connectionFaults)[number];

/**
 * A fault the sandbox applies to the sends it matches (by recipient and/or business number; every send when
 * neither is given), for the next `times` of them or until removed. Set at run time, so one sandbox serves many
 * tests. Exactly one effect: an error answer, a dropped connection, a rate limit, a failed delivery, extra latency
 * or other webhook timing.
 */
export class FaultRuleDto {
  /** The recipient, E.164 or digits. */
  @IsOptional()
  @Matches(/^\+?\d{5,20}$/, { message: 'to must be a phone number' })
  to?: string;

  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'phone_number_id must be digits' })
  phone_number_id?: string;

  /** Applies to this many matching sends, then goes away; forever when absent. */
  @IsOptional()
  @IsInt()
  @Min(1)
  times?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => InjectedErrorDto)
  error?: InjectedErrorDto;

  /** `close` drops the connection without an answer; `timeout` holds it for `hold_ms` first. */
  @IsOptional()
  @IsIn(connectionFaults)
  connection?: ConnectionFault;

  /** With `connection`: accept the message first (record it, send its webhooks), then drop the answer. */
  @IsOptional()
  @IsBoolean()
  accept_first?: boolean;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(600_000)
  hold_ms?: number;

  /** Answer 130429 to sends above this many per second (per business number), as Meta does at its limit. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  rate_limit_per_second?: number;

  /** Accept the send, then report it `failed` with this error instead of sent, delivered and read. */
  @IsOptional()
  @ValidateNested()
  @Type(() => InjectedDeliveryFailureDto)
  fail_delivery?: InjectedDeliveryFailureDto;

  /** Added before the answer. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(600_000)
  latency_ms?: number;

  /** When `sent`, `delivered` and `read` go out, ms after the send, in any order (a `read` before `delivered`). */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(3)
  @ArrayMaxSize(3)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(3_600_000, { each: true })
  webhook_delays_ms?: number[];
}

export interface FaultRule extends FaultRuleDto {
  id: number;
  /** Sends it applied to so far. */
  applied: number;
}
