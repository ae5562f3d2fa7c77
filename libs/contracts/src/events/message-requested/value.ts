import { Type } from 'class-transformer';
import { IsBoolean, IsISO8601, IsOptional, ValidateNested } from 'class-validator';
import { SendMessageDto } from '../../messages/send-message.dto';
import { EnvelopeOf } from '../event-envelope';
import { MessageRoute } from '../message-route';

export class MessageRequestedData extends MessageRoute {
  @ValidateNested()
  @Type(() => SendMessageDto)
  request: SendMessageDto;

  /**
   * Whether `request.assigned_user` is a member of the team, as the ingress (which keeps the members) found when
   * it accepted the message. Absent when there is no assigned user, or the publisher could not tell.
   */
  @IsOptional()
  @IsBoolean()
  assignedUserIsMember?: boolean;

  @IsISO8601({ strict: true })
  acceptedAt: string;
}

export class MessageRequestedEvent extends EnvelopeOf(MessageRequestedData) {}
