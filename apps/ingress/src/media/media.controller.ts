import { Controller, Get, Param, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ErrorCodes } from '@herald/contracts';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../accounts/api-key.guard';
import { ApiErrors } from '../docs/api-errors';
import { API_KEY_SECURITY } from '../docs/openapi';
import { HeraldError } from '../http/herald-error';
import { MediaService } from './media.service';

/** WhatsApp's media ids are digits; anything else is no id a webhook gave, and is not looked up. */
const MEDIA_ID = /^[A-Za-z0-9._-]{1,256}$/;

const binary = { schema: { type: 'string', format: 'binary' } };

@ApiTags('media')
@ApiBearerAuth(API_KEY_SECURITY)
@Controller('media')
export class MediaController {
  constructor(private readonly media: MediaService) {}

  @Get(':id')
  @ApiOperation({
    summary: "A customer's media: the bytes of an image, document, audio, video or sticker they sent (Herald extension)",
    description:
      "The `media.id` of an inbound message (its `whatsapp.inbound` event, or the conversation's messages). Herald downloads it from WhatsApp " +
      "with the token of the team's channel that received it and passes it on as it arrives: the client never needs the WhatsApp token. " +
      'WhatsApp keeps a media for a limited time; after that, `media_expired`.',
  })
  @ApiParam({ name: 'id', description: "WhatsApp's media id, as the inbound message gave it", example: '1003383421387256' })
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'application/pdf', 'audio/ogg', 'video/mp4', 'application/octet-stream')
  @ApiOkResponse({
    description:
      "The media's bytes with its Content-Type (and Content-Length when WhatsApp gives it); a document comes with " +
      '`Content-Disposition: attachment; filename="..."`.',
    content: { 'image/jpeg': binary, 'image/png': binary, 'image/webp': binary, 'application/pdf': binary, 'audio/ogg': binary, 'video/mp4': binary, 'application/octet-stream': binary },
  })
  @ApiErrors(
    [404, "No message of the team carried this media (media_not_found; another team's is as unknown), or WhatsApp no longer has it (media_expired)"],
    [502, "WhatsApp could not be reached or refused the channel's token (provider_unavailable), or the media is over 100 MB (media_too_large)"],
  )
  async download(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    if (!MEDIA_ID.test(id)) throw new HeraldError(ErrorCodes.MediaNotFound, 'No message of this team carried a media with this id');
    const file = await this.media.open(request.team.teamUuid, id);
    // What a customer sent is shown as data, never run as a page of Herald's origin.
    void reply.header('x-content-type-options', 'nosniff').header('content-security-policy', "default-src 'none'; sandbox").header('cache-control', 'private, no-store');
    return new StreamableFile(file.body, {
      type: file.mimeType,
      ...(file.size !== undefined ? { length: file.size } : {}),
      ...(file.filename !== undefined ? { disposition: attachment(file.filename) } : {}),
    });
  }
}

/** `attachment` with the file name twice: plain ASCII for old clients, and RFC 5987's UTF-8 form for the rest. */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
