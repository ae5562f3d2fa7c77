import { BadRequestException, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { TemplateListResponse } from '@herald/contracts';
import { TemplatesService } from './templates.service';

const teamUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Internal: the ingress lists a team's templates and asks for a sync here. The template service's port is for
 * Herald's own services and probes, never exposed to clients.
 */
@ApiExcludeController()
@Controller('templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  list(@Query('team') team: string): Promise<TemplateListResponse> {
    return this.templates.list(requireTeam(team));
  }

  @Post('sync')
  @HttpCode(200)
  sync(@Query('team') team: string): Promise<{ synced: number }> {
    return this.templates.sync(requireTeam(team));
  }
}

function requireTeam(team: string | undefined): string {
  if (!team || !teamUuid.test(team)) throw new BadRequestException('team must be a team uuid');
  return team;
}
