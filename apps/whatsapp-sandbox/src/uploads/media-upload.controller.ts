import { Body, Controller, Headers, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { SandboxConfig } from '../config/sandbox.config';
import { GraphAccessTokenGuard } from '../graph/graph-access-token.guard';
import { assertGraphPath } from '../graph/graph-path';
import { simulateLatency } from '../graph/simulated-latency';
import { MediaUploadService } from './media-upload.service';

/** `POST /{version}/{phone-number-id}/media`, as the Cloud API serves it: a multipart upload answered with `{id}`. */
@Controller(':version/:phoneNumberId/media')
@UseGuards(GraphAccessTokenGuard)
export class MediaUploadController {
  constructor(
    private readonly uploads: MediaUploadService,
    private readonly config: SandboxConfig,
  ) {}

  @Post()
  @HttpCode(200)
  async upload(
    @Param('version') version: string,
    @Param('phoneNumberId') phoneNumberId: string,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ): Promise<{ id: string }> {
    await simulateLatency(this.config.SANDBOX_RESPONSE_LATENCY_MS);
    assertGraphPath({ version, objectId: phoneNumberId, method: 'post', url: request.url });
    return this.uploads.execute({ phoneNumberId, body, contentType });
  }
}
