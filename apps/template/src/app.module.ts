import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { HeraldConfigModule } from '@herald/config';
import { KafkaModule } from '@herald/kafka';
import { HealthModule, LoggingModule } from '@herald/observability';
import { PersistenceModule } from '@herald/persistence';
import { ChannelsModule } from './channels/channels.module';
import { TemplateConfig } from './config/template.config';
import { templateDatabase } from './database/template.database';
import { RenderingModule } from './rendering/rendering.module';

@Module({
  imports: [
    HeraldConfigModule.forRoot(TemplateConfig),
    LoggingModule,
    ScheduleModule.forRoot(),
    KafkaModule.forRoot({ service: 'template' }),
    PersistenceModule.forRoot(templateDatabase),
    HealthModule.forRoot({ dependencies: ['database', 'kafka'] }),
    ChannelsModule,
    RenderingModule,
  ],
})
export class AppModule {}
