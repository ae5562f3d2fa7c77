import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, ValidateBy } from 'class-validator';
import { MessageStatus } from './message-status';
import { E164_PATTERN } from './send-message.dto';
import { PageQueryDto } from '../pagination';

/**
 * A date, or a date-time with its offset (`2026-11-25T10:00:00Z`, `2026-11-25T11:00:00.5+01:00`): RFC 3339, which
 * JavaScript and PostgreSQL read alike. ISO 8601's other forms (week dates, ordinal days, signed years) are not taken.
 */
const TIMESTAMP_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d))?$/;

/**
 * The moment a timestamp of the API names, or null when it is not one: a day that does not exist (February 30th) or
 * a year before 1970 or after 9999, which no message has and PostgreSQL may refuse, are not timestamps either.
 */
export function parseTimestamp(value: string): Date | null {
  const match = TIMESTAMP_PATTERN.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1970 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** A timestamp parseTimestamp takes. */
export const IsTimestamp = (message: string) =>
  ValidateBy({ name: 'isTimestamp', validator: { validate: (value) => typeof value === 'string' && parseTimestamp(value) !== null, defaultMessage: () => message } });

/** The query of `GET /messages`: newest first, a page at a time, filtered. */
export class ListMessagesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MessageStatus })
  @IsOptional()
  @IsIn(Object.values(MessageStatus))
  status?: MessageStatus;

  @ApiPropertyOptional({ description: 'Only messages to this phone number (E.164)', example: '+31612345678' })
  @IsOptional()
  @Matches(E164_PATTERN, { message: 'to must be a phone number in E.164 format' })
  @IsString()
  to?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only messages accepted at or after this time' })
  @IsOptional()
  @IsTimestamp('since must be a date-time with its offset, such as 2026-11-25T10:00:00Z')
  since?: string;

  @ApiPropertyOptional({
    enum: ['inbound', 'outbound'],
    description: "Herald extension: only the customers' messages, or only the team's; both when omitted (a `status` filter leaves only the team's)",
  })
  @IsOptional()
  @IsIn(['inbound', 'outbound'])
  direction?: 'inbound' | 'outbound';
}
