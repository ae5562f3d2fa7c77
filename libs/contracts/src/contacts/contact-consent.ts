import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { E164_PATTERN } from '../messages/send-message.dto';

/** `POST /contacts/opt-out` and `/contacts/opt-in`: the team says a contact wants its messages, or not. */
export class ContactConsentDto {
  @ApiProperty({ example: '+31612345678' })
  @Matches(E164_PATTERN, { message: 'phone must be a phone number in E.164 format' })
  @IsString()
  phone: string;

  @ApiPropertyOptional({ description: "The channel (a channel uuid); the team's default WhatsApp channel when omitted" })
  @IsOptional()
  @IsUUID(undefined, { message: 'channel_uuid must be a channel uuid' })
  channel_uuid?: string;
}

export const consentChanges = ['opt_out', 'opt_in'] as const;

export class ContactConsentStateDto {
  @ApiProperty({ example: '+31612345678' })
  phone: string;

  @ApiProperty({ format: 'uuid', description: 'The channel the consent applies to' })
  channelUuid: string;

  @ApiProperty({ enum: ['opted_out', 'opted_in'] })
  consent: 'opted_out' | 'opted_in';

  @ApiProperty({ format: 'date-time', description: 'When Herald recorded the change' })
  at: string;
}

/** `200` answer of `POST /contacts/opt-out` and `/contacts/opt-in`. */
export class ContactConsentResponseDto {
  @ApiProperty({ type: ContactConsentStateDto })
  contact: ContactConsentStateDto;
}

const stopWords = new Set(['stop', 'unsubscribe', 'stopp', 'baja']);
const startWords = new Set(['start', 'subscribe']);

/**
 * What a customer's message says about their consent: a STOP word opts them out, a START word back in, anything
 * else nothing. The policy records it; the notifier tells the team's webhooks.
 */
export function consentKeywordOf(text: string | undefined): 'opt_out' | 'opt_in' | null {
  const word = text?.trim().toLowerCase() ?? '';
  return stopWords.has(word) ? 'opt_out' : startWords.has(word) ? 'opt_in' : null;
}
