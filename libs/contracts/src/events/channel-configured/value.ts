import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min, MinLength } from 'class-validator';
import {
  channelIntegrations,
  ChannelIntegration,
  channelTypes,
  ChannelType,
  maxMessagesPerSecond,
  templateLanguagePattern,
} from '../../channels/channel-settings';
import { sealedSecretPattern, type SealedSecret } from '../../secrets/sealed-secret';
import { EnvelopeOf } from '../event-envelope';

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

export class ChannelConfiguredEvent extends EnvelopeOf(ChannelConfiguredData) {}
