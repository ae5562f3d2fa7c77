import { templateKey, type TemplateKey } from '../event-keys';
import type { TemplateStatusData } from './value';

/** One template's status changes stay in order. */
export function templateStatusKey({ templateUuid }: Pick<TemplateStatusData, 'templateUuid'>): TemplateKey {
  return templateKey(templateUuid);
}
