import { Type } from 'class-transformer';
import { IsArray, IsISO8601, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { EnvelopeOf } from '../event-envelope';
import { MessageRequestedData } from '../message-requested/value';
import { MessageWarning } from '../reasons';

export class MessageApprovedData extends MessageRequestedData {
  @IsISO8601({ strict: true })
  approvedAt: string;

  /** The team member the conversation is assigned to. */
  @IsOptional()
  @IsString()
  assignee?: string;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => MessageWarning)
  @IsObject({ each: true })
  @IsArray()
  warnings?: MessageWarning[];
}

export class MessageApprovedEvent extends EnvelopeOf(MessageApprovedData) {}
