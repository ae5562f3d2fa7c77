import { Module } from '@nestjs/common';
import { HeraldConfigModule } from '@herald/config';
import { KafkaModule } from '@herald/kafka';
import { HealthModule, LoggingModule } from '@herald/observability';
import { TemplateConfig } from './config/template.config';
import { RenderingModule } from './rendering/rendering.module';

@Module({
  imports: [
    HeraldConfigModule.forRoot(TemplateConfig),
    LoggingModule,
    KafkaModule.forRoot({ service: 'template' }),
    HealthModule.forRoot({ dependencies: ['kafka'] }),
    RenderingModule,
  ],
})
export class AppModule {}
