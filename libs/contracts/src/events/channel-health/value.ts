import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, ValidateIf } from 'class-validator';
import { providerFailureCodes, ProviderFailureCode } from '../../messages/reason-codes';
import { EnvelopeOf } from '../event-envelope';

/**
 * A channel's health changed: the dispatcher found WhatsApp refusing its credentials (an expired or revoked token),
 * or the channel was configured again since. Published once per change, not once per send that fails.
 */
export class ChannelHealthData {
  @IsUUID()
  channelUuid: string;

  @IsUUID()
  teamUuid: string;

  @IsBoolean()
  healthy: boolean;

  /** Why the channel is unhealthy (`provider_token_expired`); absent when it is healthy. */
  @ValidateIf((data: ChannelHealthData) => !data.healthy || data.reason !== undefined)
  @IsIn(providerFailureCodes)
  reason?: ProviderFailureCode;

  /** WhatsApp's words about it, when unhealthy. */
  @IsOptional()
  @IsString()
  message?: string;

  /** WhatsApp's error code (190 for an expired token), when unhealthy. */
  @IsOptional()
  @IsInt()
  providerCode?: number;

  /** When the dispatcher found it so. */
  @IsISO8601({ strict: true })
  at: string;
}

export class ChannelHealthEvent extends EnvelopeOf(ChannelHealthData) {}
