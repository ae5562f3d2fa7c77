import 'reflect-metadata';
import { runService } from '@herald/runtime';
import { AppModule } from './app.module';
import { TemplateConfig } from './config/template.config';

void runService({
  name: 'template',
  module: AppModule,
  config: TemplateConfig,
  consumesKafka: true,
  // Nothing but Herald itself calls this service's HTTP API.
  internalApiToken: (config) => config.INTERNAL_API_TOKEN,
});
