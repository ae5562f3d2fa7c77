import 'reflect-metadata';
import { runService } from '@herald/runtime';
import { AppModule } from './app.module';
import { IngressConfig } from './config/ingress.config';
import { mountApiDocs } from './docs/openapi';

void runService({
  name: 'ingress',
  module: AppModule,
  config: IngressConfig,
  consumesKafka: true,
  rawJsonRoutes: ['/webhooks/whatsapp'],
  bodyLimit: (config) => config.HTTP_BODY_LIMIT,
  trustProxy: (config) => config.TRUST_PROXY,
  beforeListen: mountApiDocs,
});
