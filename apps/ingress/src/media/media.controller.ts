import { Controller, Get, HttpCode, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { checkContract, ErrorCodes, FieldProblem, UploadMediaFieldsDto, UploadMediaResponse, UploadMediaResponseDto, WHATSAPP_MEDIA_TYPES } from '@herald/contracts';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../accounts/api-key.guard';
import { ApiErrors } from '../docs/api-errors';
import { API_KEY_SECURITY } from '../docs/openapi';
import { HeraldError } from '../http/herald-error';
import { MediaService, MediaUploadForm } from './media.service';

/** WhatsApp's media ids are digits; anything else is no id a webhook gave, and is not looked up. */
const MEDIA_ID = /^[A-Za-z0-9._-]{1,256}$/;

const binary = { schema: { type: 'string', format: 'binary' } };

@ApiTags('media')
@ApiBearerAuth(API_KEY_SECURITY)
@Controller('media')
export class MediaController {
  constructor(private readonly media: MediaService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Upload a file through a channel: the media id a send may name instead of a link (Herald extension)',
    description:
      "WhatsApp's upload (`POST /{phone-number-id}/media`) through the team's channel, made by Herald with the channel's token. The id " +
      'is usable by that channel for 30 days. The file is checked against WhatsApp\'s types and sizes first: ' +
      Object.entries(WHATSAPP_MEDIA_TYPES)
        .map(([type, { maxBytes }]) => `${type} ${maxBytes >= 1024 * 1024 ? `${maxBytes / (1024 * 1024)} MB` : `${maxBytes / 1024} KB`}`)
        .join(', ') +
      '.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'The file; its part\'s Content-Type is the media type unless `type` says' },
        channel_uuid: { type: 'string', description: "The channel to upload through; the team's default WhatsApp channel when omitted", example: '7c0ad4c5-33b1-4d9e-8f0a-6f3b1e2d4c5a' },
        type: { type: 'string', description: "The file's media type", example: 'image/png' },
      },
    },
  })
  @ApiCreatedResponse({ type: UploadMediaResponseDto, description: 'Uploaded: the id, the channel it belongs to and its media type' })
  @ApiErrors(
    [415, 'Not multipart/form-data (unsupported_media_type)'],
    [422, 'No file, a type or size WhatsApp does not take, an unknown field, or no such channel (validation_failed, channel_not_found)'],
    [502, "WhatsApp could not be reached or refused the channel's token (provider_unavailable)"],
    [503, 'The dispatcher did not answer (service_unavailable)'],
  )
  async upload(@Req() request: AuthenticatedRequest): Promise<UploadMediaResponse> {
    return this.media.upload(request.team.teamUuid, await readUploadForm(request));
  }

  @Get(':id')
  @ApiOperation({
    summary: "A customer's media: the bytes of an image, document, audio, video or sticker they sent (Herald extension)",
    description:
      "The `media.id` of an inbound message (its `whatsapp.inbound` event, or the conversation's messages). Herald downloads it from WhatsApp " +
      "with the token of the team's channel that received it (the dispatcher makes the call) and passes it on as it arrives: the client never needs the WhatsApp token. " +
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
    [503, 'The dispatcher did not answer (service_unavailable)'],
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

/** The upload's form as it came: its fields and its one file, read whole (WhatsApp takes a file in one piece). */
async function readUploadForm(request: AuthenticatedRequest): Promise<MediaUploadForm> {
  if (!request.isMultipart()) throw new HeraldError(ErrorCodes.UnsupportedMediaType, 'Content-Type must be multipart/form-data, with the file as its `file` part');
  const fields: Record<string, string> = {};
  const problems: FieldProblem[] = [];
  let file: MediaUploadForm['file'];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
      } else if (part.fieldname !== 'file') {
        part.file.resume();
        problems.push({ field: part.fieldname, problem: 'is not a field of an upload: the file goes in `file`' });
      } else {
        const content = await part.toBuffer();
        file = { content, mimeType: part.mimetype, ...(part.filename ? { filename: part.filename } : {}) };
      }
    }
  } catch (error) {
    throw formError(error);
  }
  const check = checkContract(UploadMediaFieldsDto, fields);
  if (!check.ok) problems.push(...check.problems);
  if (problems.length > 0) throw new HeraldError(ErrorCodes.ValidationFailed, 'The upload is not valid', problems);
  return { channelUuid: fields.channel_uuid, type: fields.type, file };
}

/** @fastify/multipart's limits, as the field they are about. */
function formError(error: unknown): HeraldError {
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new HeraldError(ErrorCodes.ValidationFailed, 'The file is too large', [{ field: 'file', problem: 'is larger than WhatsApp takes (100 MB for a document; less for other types)' }]);
  }
  if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_PROTO_VIOLATION') {
    return new HeraldError(ErrorCodes.ValidationFailed, 'The upload is not valid', [{ field: '', problem: 'takes one `file` and the fields channel_uuid and type' }]);
  }
  return new HeraldError(ErrorCodes.ValidationFailed, 'The body is not a readable multipart/form-data upload', [{ field: '', problem: (error as Error).message }]);
}

/** `attachment` with the file name twice: plain ASCII for old clients, and RFC 5987's UTF-8 form for the rest. */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
