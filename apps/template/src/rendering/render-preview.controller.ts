import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { checkContract, DecisionPreviewRequest, ValidationVerdictDto } from '@herald/contracts';
import { RenderingService } from './rendering.service';

/**
 * Internal: `POST /templates/preview` tells the ingress's dry run whether a template message would render, with
 * the same checks as a real one. The template service's port is never exposed to clients.
 */
@ApiExcludeController()
@Controller('templates')
export class RenderPreviewController {
  constructor(private readonly rendering: RenderingService) {}

  @Post('preview')
  @HttpCode(200)
  async preview(@Body() body: unknown): Promise<ValidationVerdictDto> {
    const check = checkContract(DecisionPreviewRequest, body);
    if (!check.ok) throw new BadRequestException(check.problems);
    if (!check.value.request.template_uuid) return { valid: true };
    const rendering = await this.rendering.renderTemplate(check.value.channelUuid, check.value.request).catch(() => null);
    if (!rendering) return { valid: false, reason: { code: 'channel_not_ready', message: 'The channel is not known to the template service yet' } };
    return rendering.ok ? { valid: true } : { valid: false, reason: { code: rendering.code, message: rendering.message } };
  }
}
