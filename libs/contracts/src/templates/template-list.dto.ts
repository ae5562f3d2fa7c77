import { ApiProperty } from '@nestjs/swagger';

/** One template as `GET /templates` lists it. */
export class TemplateSummaryDto {
  @ApiProperty({ pattern: '^[0-9a-f]{32}$', description: 'The template_uuid to send it with' })
  uuid: string;

  @ApiProperty({ example: 'order_shipped' })
  name: string;

  @ApiProperty({ example: 'en_US' })
  language: string;

  @ApiProperty({ example: 'UTILITY' })
  category: string;

  @ApiProperty({ enum: ['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED', 'IN_APPEAL'] })
  status: string;

  @ApiProperty({ description: 'The body text, with its {{n}} placeholders', example: 'Hi {{1}}, your order {{2}} ships today.' })
  text: string;

  @ApiProperty({ description: 'How many values the body takes', example: 2 })
  placeholders: number;

  @ApiProperty({ enum: ['NONE', 'TEXT', 'IMAGE', 'DOCUMENT', 'VIDEO', 'LOCATION'], description: 'The header kind' })
  header: string;

  @ApiProperty({ format: 'date-time', description: 'When it was last synced from WhatsApp' })
  syncedAt: string;
}

export class TemplateListResponseDto {
  @ApiProperty({ type: [TemplateSummaryDto] })
  templates: TemplateSummaryDto[];
}

export type TemplateListResponse = TemplateListResponseDto;
