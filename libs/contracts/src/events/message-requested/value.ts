import { Type } from 'class-transformer';
import { IsBoolean, IsISO8601, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
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

  /**
   * The WhatsApp message id (wamid) of the message `request.reply_to` quotes, as the ingress resolved it from the
   * team's ledger when it accepted the message. A message published straight to Kafka without it is refused.
   */
  @IsOptional()
  @MaxLength(256)
  @MinLength(1)
  @IsString()
  replyToWamid?: string;

  /** The wamid of the message a reaction's `content.message_uuid` names, resolved as `replyToWamid` is. */
  @IsOptional()
  @MaxLength(256)
  @MinLength(1)
  @IsString()
  reactionToWamid?: string;

  @IsISO8601({ strict: true })
  acceptedAt: string;
}

export class MessageRequestedEvent extends EnvelopeOf(MessageRequestedData) {}
