import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { ErrorCodes, InternalUploadedMedia } from '@herald/contracts';
import { ChannelReplicaRepository } from '@herald/channel-replica';
import { downloadMedia, markMessageRead, SecretBox, uploadMedia } from '@herald/whatsapp';
import type { Channel } from '../channels/channel.entity';
import { DispatcherConfig } from '../config/dispatcher.config';
import { GraphCallError, toGraphCallError } from './graph-calls.errors';

/** A customer's media on its way to the ingress. */
export interface MediaStream {
  mimeType: string;
  size?: number;
  body: Readable;
}

/**
 * The Graph API calls the ingress asks for on a team's behalf (a customer's media, an upload, a read receipt): made
 * here, where the channels' token key already is, so the internet-facing ingress never holds it. Each opens the
 * channel's token just before its call and keeps it nowhere; no answer and no log line carries it.
 */
@Injectable()
export class GraphCallsService {
  private readonly logger = new Logger(GraphCallsService.name);

  constructor(
    private readonly channels: ChannelReplicaRepository<Channel>,
    private readonly secrets: SecretBox,
    private readonly config: DispatcherConfig,
  ) {}

  async media(channelUuid: string, mediaId: string): Promise<MediaStream> {
    const channel = await this.channel(channelUuid);
    try {
      const download = await downloadMedia(this.endpoint(channel), { id: mediaId, phoneNumberId: channel.phoneNumberId }, { timeoutMs: this.config.WHATSAPP_REQUEST_TIMEOUT_MS });
      download.body.once('error', (error) => this.logger.warn(`media ${mediaId} of channel ${channel.uuid}: the transfer failed half-way: ${error.message}`));
      return download;
    } catch (error) {
      throw this.failed(error, 'media', channel, `media ${mediaId} of channel ${channel.uuid}`);
    }
  }

  async upload(channelUuid: string, file: { mimeType: string; filename: string; content: Buffer }): Promise<InternalUploadedMedia> {
    const channel = await this.channel(channelUuid);
    try {
      return await uploadMedia(this.endpoint(channel), { phoneNumberId: channel.phoneNumberId, ...file }, { timeoutMs: this.config.WHATSAPP_REQUEST_TIMEOUT_MS });
    } catch (error) {
      throw this.failed(error, 'upload', channel, `upload of ${file.content.length} bytes (${file.mimeType}) through channel ${channel.uuid}`);
    }
  }

  async markRead(channelUuid: string, read: { messageId: string; typingIndicator?: boolean }): Promise<void> {
    const channel = await this.channel(channelUuid);
    try {
      await markMessageRead({ ...this.endpoint(channel), phoneNumberId: channel.phoneNumberId }, read, this.config.WHATSAPP_REQUEST_TIMEOUT_MS);
    } catch (error) {
      throw this.failed(error, 'read', channel, `read receipt for ${read.messageId} through channel ${channel.uuid}`);
    }
  }

  private async channel(uuid: string): Promise<Channel> {
    const channel = await this.channels.findOne(uuid);
    // Not replicated yet (just configured), or never: the ingress found it, so it is worth a retry.
    if (!channel) throw new GraphCallError(ErrorCodes.ChannelNotFound, 'The dispatcher does not know this channel yet');
    return channel;
  }

  private endpoint(channel: Channel) {
    return { apiUrl: this.config.WHATSAPP_API_URL, apiVersion: this.config.WHATSAPP_API_VERSION, accessToken: this.secrets.open(channel.accessTokenSealed) };
  }

  private failed(error: unknown, what: 'media' | 'upload' | 'read', channel: Channel, subject: string): GraphCallError {
    const answer = toGraphCallError(error, what, (text) => this.redacted(text, channel));
    // Logged: an operator has something to look at (the channel's token refused, Meta away); the caller is told less.
    if (answer.code === ErrorCodes.ProviderUnavailable) {
      this.logger.warn(`${subject}: WhatsApp did not serve it: ${this.redacted(error instanceof Error ? error.message : String(error), channel)}`);
    }
    return answer;
  }

  /** Meta's words, without the token should an answer quote it back. */
  private redacted(text: string, channel: Channel): string {
    try {
      const token = this.secrets.open(channel.accessTokenSealed);
      return token.length > 0 ? text.split(token).join('[token]') : text;
    } catch {
      return text;
    }
  }
}
