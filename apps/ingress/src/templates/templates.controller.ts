import { Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TemplateListResponse, TemplateListResponseDto } from '@herald/contracts';
import type { AuthenticatedRequest } from '../accounts/api-key.guard';
import { API_KEY_SECURITY } from '../docs/openapi';
import { InternalServicesClient } from '../internal/internal-services.client';

@ApiTags('templates')
@ApiBearerAuth(API_KEY_SECURITY)
@Controller('templates')
export class TemplatesController {
  constructor(private readonly services: InternalServicesClient) {}

  @Get()
  @ApiOperation({ summary: "The team's WhatsApp message templates, as last synced" })
  @ApiOkResponse({ type: TemplateListResponseDto })
  list(@Req() request: AuthenticatedRequest): Promise<TemplateListResponse> {
    return this.services.call('template', `/templates?team=${request.team.teamUuid}`);
  }

  @Post('sync')
  @HttpCode(200)
  @ApiOperation({ summary: "Sync the team's templates from WhatsApp now (they are also synced on a schedule)" })
  sync(@Req() request: AuthenticatedRequest): Promise<{ synced: number }> {
    return this.services.call('template', `/templates/sync?team=${request.team.teamUuid}`, { method: 'POST' });
  }
}
