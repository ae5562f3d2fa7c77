import { Module } from '@nestjs/common';
import { TemplateSyncService } from './template-sync.service';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

@Module({
  controllers: [TemplatesController],
  providers: [TemplateSyncService, TemplatesService],
  exports: [TemplateSyncService, TemplatesService],
})
export class TemplatesModule {}
