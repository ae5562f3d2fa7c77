import type { GraphTemplateStatus } from '@herald/whatsapp';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export const DEFAULT_TEMPLATE_PAGE_SIZE = 25;

const templateStatuses: GraphTemplateStatus[] = [
  'APPROVED',
  'PENDING',
  'REJECTED',
  'PAUSED',
  'DISABLED',
  'IN_APPEAL',
];

/** The query of `GET /{version}/{waba-id}/message_templates`; other Graph parameters (`fields`...) are ignored. */
export class ListTemplatesQueryDto {
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(1000, { message: 'must be at most 1000' })
  limit: number = DEFAULT_TEMPLATE_PAGE_SIZE;

  /** Cursor: the page after the template it names (`paging.cursors.after`). */
  @IsOptional()
  @IsString({ message: 'must be a cursor from paging.cursors' })
  after?: string;

  /** Cursor: the page before the template it names (`paging.cursors.before`). */
  @IsOptional()
  @IsString({ message: 'must be a cursor from paging.cursors' })
  before?: string;

  /** Templates whose name contains this. */
  @IsOptional()
  @IsString({ message: 'must be a string' })
  name?: string;

  @IsOptional()
  @IsIn(templateStatuses, { message: `must be one of ${templateStatuses.join(', ')}` })
  status?: GraphTemplateStatus;

  @IsOptional()
  @IsString({ message: 'must be a language code such as en_US' })
  language?: string;
}
