import { Module } from '@nestjs/common';
import { secretBoxProvider } from '@herald/whatsapp';
import { TemplateSyncService } from './template-sync.service';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

@Module({
  controllers: [TemplatesController],
  providers: [TemplateSyncService, TemplatesService, secretBoxProvider],
  exports: [TemplateSyncService, TemplatesService],
})
export class TemplatesModule {}
