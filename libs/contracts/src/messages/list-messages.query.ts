import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MessageStatus } from './message-status';
import { E164_PATTERN } from './send-message.dto';

/** The query of `GET /messages`: newest first, a page at a time, filtered. */
export class ListMessagesQueryDto {
  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @MaxLength(200)
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Max(100)
  @Min(1)
  @IsInt({ message: 'limit must be a whole number' })
  @Type(() => Number)
  limit?: number;

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
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time' })
  since?: string;
}
