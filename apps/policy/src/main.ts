import 'reflect-metadata';
import { runService } from '@herald/runtime';
import { AppModule } from './app.module';
import { PolicyConfig } from './config/policy.config';

void runService({
  name: 'policy',
  module: AppModule,
  config: PolicyConfig,
  consumesKafka: true,
  // Nothing but Herald itself calls this service's HTTP API.
  internalApiToken: (config) => config.INTERNAL_API_TOKEN,
});
