import 'reflect-metadata';
import { runService } from '@herald/runtime';
import { AppModule } from './app.module';
import { DispatcherConfig } from './config/dispatcher.config';

void runService({
  name: 'dispatcher',
  module: AppModule,
  config: DispatcherConfig,
  consumesKafka: true,
  // Nothing but Herald itself calls this service's HTTP API.
  internalApiToken: (config) => config.INTERNAL_API_TOKEN,
});
