import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Template } from './template.entity';
import { TemplateSyncService } from './template-sync.service';

@Module({
  imports: [TypeOrmModule.forFeature([Template])],
  providers: [TemplateSyncService],
  exports: [TemplateSyncService, TypeOrmModule],
})
export class TemplatesModule {}
