import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { checkContract, ErrorCodes, InternalMarkReadRequest, InternalUploadedMedia, mediaUploadProblem } from '@herald/contracts';
import { GraphCallError } from './graph-calls.errors';
import { GraphCallsService } from './graph-calls.service';

/** The routes whose bodies are a file's raw bytes (`application/octet-stream`), as main.ts declares them. */
export const UPLOAD_ROUTE = '/channels/:channelUuid/media';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What a media id or a wamid may look like: anything else is never sent on to Meta. */
const PROVIDER_ID = /^[A-Za-z0-9._=:-]{1,256}$/;

/**
 * The Graph API calls the ingress makes through the dispatcher, with the channel's own token: a customer's media
 * (`GET .../media/:mediaId`, streamed), an upload (`POST .../media`, the file's bytes as the body) and a read receipt
 * (`POST .../read`). Internal, as the policy's dry run is: the internal API token guards them, and the ingress has
 * already checked that the channel is the team's.
 */
@ApiExcludeController()
@Controller('channels/:channelUuid')
export class GraphCallsController {
  constructor(private readonly graph: GraphCallsService) {}

  @Get('media/:mediaId')
  async media(@Param('channelUuid') channelUuid: string, @Param('mediaId') mediaId: string): Promise<StreamableFile> {
    checkChannel(channelUuid);
    if (!PROVIDER_ID.test(mediaId)) throw new GraphCallError(ErrorCodes.MediaExpired, 'WhatsApp has no media with this id');
    const media = await this.graph.media(channelUuid, mediaId);
    return new StreamableFile(media.body, { type: media.mimeType, ...(media.size !== undefined ? { length: media.size } : {}) });
  }

  @Post('media')
  @HttpCode(201)
  upload(
    @Param('channelUuid') channelUuid: string,
    @Query('type') type: unknown,
    @Query('filename') filename: unknown,
    @Body() body: unknown,
  ): Promise<InternalUploadedMedia> {
    checkChannel(channelUuid);
    if (!Buffer.isBuffer(body)) throw new GraphCallError(ErrorCodes.ValidationFailed, "The body must be the file's bytes, as application/octet-stream");
    if (typeof type !== 'string') throw new GraphCallError(ErrorCodes.ValidationFailed, 'type must name the media type');
    const problem = mediaUploadProblem(type, body.length);
    if (problem) throw new GraphCallError(ErrorCodes.ValidationFailed, `${problem.field}: ${problem.problem}`);
    const name = typeof filename === 'string' && filename.length > 0 && filename.length <= 255 ? filename : 'file';
    return this.graph.upload(channelUuid, { mimeType: type, filename: name, content: body });
  }

  @Post('read')
  @HttpCode(200)
  async read(@Param('channelUuid') channelUuid: string, @Body() body: unknown): Promise<{ success: true }> {
    checkChannel(channelUuid);
    const check = checkContract(InternalMarkReadRequest, body);
    if (!check.ok || !PROVIDER_ID.test(check.value.messageId)) throw new GraphCallError(ErrorCodes.ValidationFailed, 'The body must be { messageId, typingIndicator? }');
    await this.graph.markRead(channelUuid, check.value);
    return { success: true };
  }
}

function checkChannel(channelUuid: string): void {
  if (!UUID.test(channelUuid)) throw new GraphCallError(ErrorCodes.ChannelNotFound, 'No such channel');
}
