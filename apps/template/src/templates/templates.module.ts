import { Module } from '@nestjs/common';
import { secretBoxProvider } from '@herald/whatsapp';
import { AccountsRepository } from './accounts.repository';
import { TemplateSyncService } from './template-sync.service';
import { TemplatesController } from './templates.controller';
import { TemplatesRepository } from './templates.repository';
import { TemplatesService } from './templates.service';

@Module({
  controllers: [TemplatesController],
  providers: [AccountsRepository, TemplatesRepository, TemplateSyncService, TemplatesService, secretBoxProvider],
  exports: [TemplateSyncService, TemplatesService],
})
export class TemplatesModule {}
