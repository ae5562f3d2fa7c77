import { IsString, IsUUID, Matches } from 'class-validator';
import { MESSAGE_UUID_PATTERN } from '../messages/message-response.dto';

/** A message uuid as Herald writes it: 32 lowercase hex digits. */
export const IsMessageUuid = () => Matches(MESSAGE_UUID_PATTERN, { message: 'messageUuid must be 32 lowercase hex digits' });

/** What every event about one outbound message carries: whose it is and where it goes. */
export class MessageRoute {
  @IsMessageUuid()
  messageUuid: string;

  @IsUUID()
  teamUuid: string;

  @IsUUID()
  channelUuid: string;

  @IsString()
  to: string;
}
