import 'reflect-metadata';
import { WHATSAPP_UPLOAD_MAX_BYTES } from '@herald/contracts';
import { runService } from '@herald/runtime';
import { AppModule } from './app.module';
import { DispatcherConfig } from './config/dispatcher.config';
import { UPLOAD_ROUTE } from './graph/graph-calls.controller';

void runService({
  name: 'dispatcher',
  module: AppModule,
  config: DispatcherConfig,
  consumesKafka: true,
  // Nothing but Herald itself calls this service's HTTP API.
  internalApiToken: (config) => config.INTERNAL_API_TOKEN,
  // The ingress passes on a team's upload as the file's bytes: up to WhatsApp's largest media.
  binaryBodies: { routes: [UPLOAD_ROUTE], limit: WHATSAPP_UPLOAD_MAX_BYTES },
});
