import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsISO8601, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { ContactWindowDto } from '../contacts/contact-window.dto';
import { PreviewRefusalCode, previewRefusalCodes } from './reason-codes';
import { MessageWarningDto } from './message-response.dto';
import { SendMessageDto } from './send-message.dto';

/** What the ingress asks the policy service for a dry run: the decision it would make, without recording it. */
export class DecisionPreviewRequest {
  @IsUUID()
  teamUuid: string;

  @IsUUID()
  channelUuid: string;

  @IsString()
  to: string;

  @ValidateNested()
  @Type(() => SendMessageDto)
  request: SendMessageDto;

  @IsISO8601({ strict: true })
  acceptedAt: string;

  @IsOptional()
  @IsBoolean()
  assignedUserIsMember?: boolean;
}

export class ReasonDto {
  @ApiProperty({ enum: previewRefusalCodes, example: 'session_window_closed' })
  code: PreviewRefusalCode;

  @ApiProperty({ example: 'The customer has never written to this number: only a template message can start the conversation' })
  message: string;
}

/** `POST /messages/validate`: whether the message would be sent now, and why not. Nothing is sent. */
export class ValidationVerdictDto {
  @ApiProperty({ description: 'Whether the message would be sent' })
  valid: boolean;

  @ApiPropertyOptional({ type: ReasonDto, description: 'Why it would be rejected' })
  reason?: ReasonDto;

  @ApiPropertyOptional({ type: [MessageWarningDto], description: 'What would still be worth knowing if it were sent' })
  warnings?: MessageWarningDto[];

  @ApiPropertyOptional({
    type: ContactWindowDto,
    description:
      "Herald extension: the recipient's 24-hour window on the channel, judged as the send would be. A template may be sent whether it is open or not.",
  })
  window?: ContactWindowDto;
}
