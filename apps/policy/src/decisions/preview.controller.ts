import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { checkContract, DecisionPreviewRequest, ValidationVerdictDto } from '@herald/contracts';
import { DecisionsService } from './decisions.service';

/**
 * `POST /decisions/preview`: the ingress's dry run asks here what the policy would decide. Internal: the policy's
 * port is for Herald's own services and probes, never exposed to clients.
 */
@ApiExcludeController()
@Controller('decisions')
export class PreviewController {
  constructor(private readonly decisions: DecisionsService) {}

  @Post('preview')
  @HttpCode(200)
  async preview(@Body() body: unknown): Promise<ValidationVerdictDto> {
    const check = checkContract(DecisionPreviewRequest, body);
    if (!check.ok) throw new BadRequestException(check.problems);
    return this.decisions.preview(check.value);
  }
}
