import { Module } from '@nestjs/common';
import { GraphModule } from '../graph/graph.module';
import { TemplateStatusController } from './template-status.controller';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

/** The sandbox account's message templates: the Graph API listing, and the check of templated sends. */
@Module({
  imports: [GraphModule],
  controllers: [TemplatesController, TemplateStatusController],
  providers: [TemplatesService],
  exports: [TemplatesService],
})
export class TemplatesModule {}
