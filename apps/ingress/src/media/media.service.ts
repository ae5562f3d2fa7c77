import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { ErrorCodes } from '@herald/contracts';
import { InboundMediaRepository } from '@herald/ledger';
import { downloadMedia, MediaTooLargeError, SecretBox, WhatsAppApiError } from '@herald/whatsapp';
import { AccountsService } from '../accounts/accounts.service';
import { IngressConfig } from '../config/ingress.config';
import { HeraldError } from '../http/herald-error';

/** A customer's media on its way to the client. */
export interface MediaFile {
  mimeType: string;
  size?: number;
  /** A document's file name, as the customer sent it. */
  filename?: string;
  body: Readable;
}

/** What Meta answers for a media id it does not have (any more): `Unsupported get request`, code 100, subcode 33. */
const isUnknownObject = (error: WhatsAppApiError) => error.httpStatus === 404 || (error.code === 100 && error.subcode === 33);

/**
 * A customer's media, downloaded through the Graph API with the token of the team's channel that received it, and
 * passed on as it arrives: a client never needs the channel's token, nor sees Meta's URL.
 */
@Injectable()
export class MediaService {
  private readonly logger = new Logger(MediaService.name);
  private readonly secrets: SecretBox;

  constructor(
    private readonly media: InboundMediaRepository,
    private readonly accounts: AccountsService,
    private readonly config: IngressConfig,
  ) {
    this.secrets = SecretBox.fromConfig(config);
  }

  async open(teamUuid: string, mediaId: string): Promise<MediaFile> {
    const found = await this.media.findForTeam(teamUuid, mediaId);
    const channel = found ? await this.accounts.teamChannel(teamUuid, found.channelUuid) : null;
    if (!found || !channel) throw new HeraldError(ErrorCodes.MediaNotFound, 'No message of this team carried a media with this id');
    try {
      const download = await downloadMedia(
        { apiUrl: this.config.WHATSAPP_API_URL, apiVersion: this.config.WHATSAPP_API_VERSION, accessToken: this.secrets.open(channel.accessTokenSealed) },
        { id: mediaId, phoneNumberId: channel.phoneNumberId },
        { timeoutMs: this.config.WHATSAPP_REQUEST_TIMEOUT_MS },
      );
      download.body.once('error', (error) => this.logger.warn(`media ${mediaId} of channel ${channel.uuid}: the transfer failed half-way: ${error.message}`));
      return { mimeType: download.mimeType, size: download.size, ...(found.filename !== undefined ? { filename: found.filename } : {}), body: download.body };
    } catch (error) {
      throw this.toHeraldError(error, mediaId, channel.uuid);
    }
  }

  private toHeraldError(error: unknown, mediaId: string, channelUuid: string): HeraldError {
    if (error instanceof MediaTooLargeError) {
      return new HeraldError(ErrorCodes.MediaTooLarge, `The media is larger than ${error.maxBytes} bytes, which Herald does not relay`);
    }
    if (error instanceof WhatsAppApiError && isUnknownObject(error)) {
      return new HeraldError(ErrorCodes.MediaExpired, 'WhatsApp no longer has this media');
    }
    // Logged: an operator has something to look at (the channel's token refused, Meta away); the client is told less.
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(`media ${mediaId} of channel ${channelUuid}: WhatsApp did not serve it: ${reason}`);
    const refused = error instanceof WhatsAppApiError && (error.code === 190 || error.httpStatus === 401 || error.httpStatus === 403);
    return new HeraldError(
      ErrorCodes.ProviderUnavailable,
      refused ? "WhatsApp refused the channel's credentials; check the channel's access token" : 'WhatsApp could not be reached for this media; retry later',
    );
  }
}
