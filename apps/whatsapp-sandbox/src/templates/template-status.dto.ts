import { IsIn } from 'class-validator';
import type { GraphTemplateStatus } from '@herald/whatsapp';

export const templateStatuses: GraphTemplateStatus[] = ['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED', 'IN_APPEAL'];

/** `PUT /_sandbox/templates/{name}/{language}`: the status Meta gives the template from now on. */
export class TemplateStatusDto {
  @IsIn(templateStatuses, { message: `status must be one of ${templateStatuses.join(', ')}` })
  status: GraphTemplateStatus;
}
