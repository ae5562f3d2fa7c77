import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { ErrorCodes, FieldProblem, mediaUploadProblem, normalizeMediaType, UploadMediaResponse } from '@herald/contracts';
import { InboundMediaRepository } from '@herald/ledger';
import { AccountsService } from '../accounts/accounts.service';
import { HeraldError } from '../http/herald-error';
import { GraphCallsClient } from '../internal/graph-calls.client';

/** A customer's media on its way to the client. */
export interface MediaFile {
  mimeType: string;
  size?: number;
  /** A document's file name, as the customer sent it. */
  filename?: string;
  body: Readable;
}

/** A file a team uploads, as its form gave it. */
export interface MediaUploadForm {
  channelUuid?: string;
  type?: string;
  file?: { content: Buffer; mimeType: string; filename?: string };
}

/**
 * Customers' media and the team's uploads, through the dispatcher: it holds the key to the channels' tokens and
 * calls the Graph API with the channel's own; the ingress says which of the team's channels, and passes the answer on.
 */
@Injectable()
export class MediaService {
  private readonly logger = new Logger(MediaService.name);

  constructor(
    private readonly media: InboundMediaRepository,
    private readonly accounts: AccountsService,
    private readonly graph: GraphCallsClient,
  ) {}

  async open(teamUuid: string, mediaId: string): Promise<MediaFile> {
    const found = await this.media.findForTeam(teamUuid, mediaId);
    const channel = found ? await this.accounts.teamChannel(teamUuid, found.channelUuid) : null;
    if (!found || !channel) throw new HeraldError(ErrorCodes.MediaNotFound, 'No message of this team carried a media with this id');
    const media = await this.graph.media(channel.uuid, mediaId);
    media.body.once('error', (error) => this.logger.warn(`media ${mediaId} of channel ${channel.uuid}: the transfer failed half-way: ${error.message}`));
    return { ...media, ...(found.filename !== undefined ? { filename: found.filename } : {}) };
  }

  /** Checks the file against WhatsApp's limits, then uploads it through the channel: the id a send may name. */
  async upload(teamUuid: string, form: MediaUploadForm): Promise<UploadMediaResponse> {
    const problems: FieldProblem[] = [];
    if (!form.file) problems.push({ field: 'file', problem: 'file is required: the file to upload, as a multipart file part' });
    const mimeType = normalizeMediaType(form.type ?? form.file?.mimeType ?? '');
    if (form.file) {
      const problem = mediaUploadProblem(mimeType, form.file.content.length);
      if (problem) problems.push(problem);
    }
    if (problems.length > 0 || !form.file) throw new HeraldError(ErrorCodes.ValidationFailed, 'The upload is not one WhatsApp takes', problems);
    const channel = await this.accounts.resolveChannel(teamUuid, { from: 'whatsapp', channel_uuid: form.channelUuid });
    const uploaded = await this.graph.upload(channel.uuid, { mimeType, filename: form.file.filename, content: form.file.content });
    this.logger.log(`media ${uploaded.id} uploaded through channel ${channel.uuid} (${mimeType}, ${form.file.content.length} bytes)`);
    return { media: { id: uploaded.id, channelUuid: channel.uuid, mimeType } };
  }
}
