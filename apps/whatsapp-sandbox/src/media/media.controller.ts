import { Controller, Get, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { GraphMediaUrlResponse } from '@herald/whatsapp';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SandboxConfig } from '../config/sandbox.config';
import { GraphAccessTokenGuard } from '../graph/graph-access-token.guard';
import { GraphApiError } from '../graph/graph-api.error';
import { assertGraphPath } from '../graph/graph-path';
import { simulateLatency } from '../graph/simulated-latency';
import { MediaStore } from './media.store';

/** Where the sandbox serves a media's bytes: Meta's own download URLs are on another host, in this path. */
export const MEDIA_DOWNLOAD_PATH = '/whatsapp_business/attachments';

/**
 * The Cloud API's media endpoints (Meta's retrieveMediaUrl and downloadMedia), for what customers sent and what the
 * business uploaded alike: the media's URL and details, then its bytes at that URL, both with the access token.
 */
@Controller()
@UseGuards(GraphAccessTokenGuard)
export class MediaController {
  constructor(
    private readonly media: MediaStore,
    private readonly config: SandboxConfig,
  ) {}

  /** `GET /{version}/{media-id}[?phone_number_id=]`: an unknown id, or another number's, is Meta's unsupported get. */
  @Get(':version/:mediaId')
  async retrieveUrl(
    @Param('version') version: string,
    @Param('mediaId') mediaId: string,
    @Query('phone_number_id') phoneNumberId: unknown,
    @Req() request: FastifyRequest,
  ): Promise<GraphMediaUrlResponse> {
    await simulateLatency(this.config.SANDBOX_RESPONSE_LATENCY_MS);
    assertGraphPath({ version, objectId: mediaId, method: 'get', url: request.url });
    const media = this.media.get(mediaId);
    if (!media || (phoneNumberId !== undefined && phoneNumberId !== media.phoneNumberId)) {
      throw GraphApiError.unsupportedRequest('get', mediaId);
    }
    return {
      messaging_product: 'whatsapp',
      url: `${request.protocol}://${request.host}${MEDIA_DOWNLOAD_PATH}?mid=${media.id}`,
      mime_type: media.mimeType,
      sha256: media.sha256,
      file_size: String(media.bytes.length),
      id: media.id,
    };
  }

  /** The URL the answer above gives: the bytes, with their type, for the same bearer token. */
  @Get(MEDIA_DOWNLOAD_PATH.slice(1))
  download(@Query('mid') mediaId: unknown, @Res({ passthrough: true }) reply: FastifyReply): Buffer {
    const media = typeof mediaId === 'string' ? this.media.get(mediaId) : undefined;
    if (!media) throw GraphApiError.mediaUrlNotFound();
    void reply.header('content-type', media.mimeType).header('content-length', String(media.bytes.length));
    return media.bytes;
  }
}
