import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsString, IsUUID, MinLength, ValidateNested } from 'class-validator';
import { EventEnvelope } from '../events/event-envelope';

export const channelTypes = ['whatsapp'] as const;
export type ChannelType = (typeof channelTypes)[number];

/**
 * A channel's full configuration, published on the compacted `channel.configured` topic whenever it changes, so
 * that each service keeps the part it needs in its own tables. It carries the channel's access token: the topic
 * must be readable by Herald's services only.
 */
export class ChannelConfiguredData {
  @IsUUID()
  channelUuid: string;

  @IsUUID()
  teamUuid: string;

  @IsIn(channelTypes)
  type: ChannelType;

  /** The WhatsApp Business phone number id (the Graph API's `{phone-number-id}`). */
  @IsString()
  @MinLength(1)
  phoneNumberId: string;

  /** The WhatsApp Business Account the number belongs to. */
  @IsString()
  @MinLength(1)
  wabaId: string;

  @IsString()
  @MinLength(1)
  accessToken: string;

  @IsBoolean()
  active: boolean;
}

export class ChannelConfiguredEvent extends EventEnvelope<ChannelConfiguredData> {
  @ValidateNested()
  @Type(() => ChannelConfiguredData)
  data: ChannelConfiguredData;
}
