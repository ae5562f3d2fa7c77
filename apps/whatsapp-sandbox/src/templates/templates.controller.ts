import { Controller, Get, Param, Query, Req, UseGuards } from '@nestjs/common';
import type { GraphPagedResponse } from '@herald/whatsapp';
import type { FastifyRequest } from 'fastify';
import { SandboxConfig } from '../config/sandbox.config';
import { GraphAccessTokenGuard } from '../graph/graph-access-token.guard';
import { assertGraphPath } from '../graph/graph-path';
import { simulateLatency } from '../graph/simulated-latency';
import { validateGraphInput } from '../graph/validate-graph-input';
import { ListTemplatesQueryDto } from './list-templates.dto';
import type { SandboxMessageTemplate } from './sandbox-template';
import { TemplatesService } from './templates.service';

/** `GET /{version}/{waba-id}/message_templates`, as the Graph API serves it. */
@Controller(':version/:wabaId/message_templates')
@UseGuards(GraphAccessTokenGuard)
export class TemplatesController {
  constructor(
    private readonly templates: TemplatesService,
    private readonly config: SandboxConfig,
  ) {}

  @Get()
  async list(
    @Param('version') version: string,
    @Param('wabaId') wabaId: string,
    @Query() query: unknown,
    @Req() request: FastifyRequest,
  ): Promise<GraphPagedResponse<SandboxMessageTemplate>> {
    await simulateLatency(this.config.SANDBOX_RESPONSE_LATENCY_MS);
    assertGraphPath({ version, objectId: wabaId, method: 'get', url: request.url });
    const page = validateGraphInput(ListTemplatesQueryDto, { ...(query as object) }, 'query');
    const pageUrl = `${request.protocol}://${request.host}${request.url.split('?')[0]}`;
    return this.templates.list(page, pageUrl);
  }
}
