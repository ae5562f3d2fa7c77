import { Body, Controller, Delete, Param, Put, UsePipes, ValidationPipe } from '@nestjs/common';
import type { SandboxMessageTemplate } from './sandbox-template';
import { TemplateStatusDto } from './template-status.dto';
import { TemplatesService } from './templates.service';

/**
 * The sandbox's own API: change a template's status as Meta does (pause it for low quality, disable it), so the
 * next sync and the next send see it. Not part of the Graph API.
 */
@Controller('_sandbox/templates')
@UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }))
export class TemplateStatusController {
  constructor(private readonly templates: TemplatesService) {}

  @Put(':name/:language')
  setStatus(@Param('name') name: string, @Param('language') language: string, @Body() body: TemplateStatusDto): SandboxMessageTemplate {
    return this.templates.setStatus(name, language, body.status);
  }

  @Delete('statuses')
  reset(): { restored: number } {
    return { restored: this.templates.resetStatuses() };
  }
}
