import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MinLength, ValidateNested } from 'class-validator';
import { EventEnvelope } from '../events/event-envelope';

export const channelTypes = ['whatsapp'] as const;
export type ChannelType = (typeof channelTypes)[number];

/** How a number is connected: the official WhatsApp Business API, or the WhatsApp Business app. */
export const channelIntegrations = ['whatsapp_business_api', 'whatsapp_app'] as const;
export type ChannelIntegration = (typeof channelIntegrations)[number];

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

  /** Absent in events written before integrations existed: those channels are on the official API. */
  @IsOptional()
  @IsIn(channelIntegrations)
  integration?: ChannelIntegration;
}

export class ChannelConfiguredEvent extends EventEnvelope<ChannelConfiguredData> {
  @ValidateNested()
  @Type(() => ChannelConfiguredData)
  data: ChannelConfiguredData;
}
