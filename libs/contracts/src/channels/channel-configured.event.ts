import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min, MinLength, ValidateNested } from 'class-validator';
import { EventEnvelope } from '../events/event-envelope';
import { sealedSecretPattern, type SealedSecret } from '../secrets/sealed-secret';

/** WhatsApp's template language codes: `en`, `en_US`, `pt_BR`, `zh_Hant_HK`... */
export const templateLanguagePattern = /^[a-z]{2,3}(_[A-Za-z]{2,4}){0,2}$/;
export const maxMessagesPerSecond = 1_000;

export const channelTypes = ['whatsapp'] as const;
export type ChannelType = (typeof channelTypes)[number];

/** How a number is connected: the official WhatsApp Business API, or the WhatsApp Business app. */
export const channelIntegrations = ['whatsapp_business_api', 'whatsapp_app'] as const;
export type ChannelIntegration = (typeof channelIntegrations)[number];

/**
 * A channel's full configuration, published on the compacted `channel.configured` topic whenever it changes, so
 * that each service keeps the part it needs in its own tables. The channel's access token travels sealed: only a
 * service holding HERALD_SECRET_KEY opens it.
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

  /** The access token sealed under HERALD_SECRET_KEY (SecretBox); a plain token is refused. */
  @Matches(sealedSecretPattern, { message: 'accessTokenSealed must be a sealed secret (v1.<key id>.<iv>.<ciphertext>)' })
  accessTokenSealed: SealedSecret;

  @IsBoolean()
  active: boolean;

  /** Absent in events written before integrations existed: those channels are on the official API. */
  @IsOptional()
  @IsIn(channelIntegrations)
  integration?: ChannelIntegration;

  /**
   * The language a template is sent in when the request names none and the template exists in it (WhatsApp's
   * codes: `en_US`, `es`, `pt_BR`). Absent in older events: `en_US`.
   */
  @IsOptional()
  @Matches(templateLanguagePattern)
  language?: string;

  /**
   * The number's throughput limit, shared by every dispatcher replica. WhatsApp allows 80 messages/s by default
   * and up to 1,000 for upgraded numbers. Absent in older events: 80.
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(maxMessagesPerSecond)
  messagesPerSecond?: number;
}

export const defaultChannelLanguage = 'en_US';
export const defaultMessagesPerSecond = 80;

export class ChannelConfiguredEvent extends EventEnvelope<ChannelConfiguredData> {
  @ValidateNested()
  @Type(() => ChannelConfiguredData)
  data: ChannelConfiguredData;
}
