import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO8601, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';

/**
 * A customer's 24-hour window with the team's channel, as the policy judges it: while it is open a free-form message
 * may be sent, after `closesAt` only a template. The policy's own rule answers it, so it never disagrees with what a
 * send is decided.
 */
export class ContactWindowDto {
  @ApiProperty({ description: 'Whether a free-form (non-template) message may be sent to the contact now', example: true })
  open: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: "When the window closes (or closed): 24 hours after the customer's last message; null if the customer never wrote",
    example: '2026-11-25T12:00:00.000Z',
  })
  closesAt: string | null;
}

/** Contacts asked about at most in one `POST /windows`. */
export const MAX_WINDOWS_ASKED = 1_000;

/** One contact of one of the team's channels. */
export class ContactOnChannel {
  @IsUUID()
  channelUuid: string;

  @IsString()
  phone: string;
}

/** What the ingress asks the policy (`POST /windows`): these contacts' windows, at `at` (by default now). */
export class ContactWindowsRequest {
  @ArrayMaxSize(MAX_WINDOWS_ASKED)
  @ValidateNested({ each: true })
  @Type(() => ContactOnChannel)
  @IsArray()
  contacts: ContactOnChannel[];

  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}

/** One contact's window, with when the customer last wrote (null if never). */
export interface ContactWindowStanding extends ContactWindowDto {
  channelUuid: string;
  phone: string;
  lastInboundAt: string | null;
}

/** The policy's answer to `POST /windows`: a window per contact, in the order asked. */
export interface ContactWindowsResponse {
  windows: ContactWindowStanding[];
}
