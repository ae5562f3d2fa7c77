import 'reflect-metadata';
import { runService } from '@herald/runtime';
import { refuseTheDemoKeyInProduction } from './accounts/demo-key.check';
import { AppModule } from './app.module';
import { IngressConfig } from './config/ingress.config';
import { mountApiDocs } from './docs/openapi';
import { acceptUploads } from './media/multipart';

void runService({
  name: 'ingress',
  module: AppModule,
  config: IngressConfig,
  consumesKafka: false,
  rawJsonRoutes: ['/webhooks/whatsapp'],
  bodyLimit: (config) => config.HTTP_BODY_LIMIT,
  startupChecks: refuseTheDemoKeyInProduction,
  trustProxy: (config) => config.TRUST_PROXY,
  beforeListen: async (app) => {
    await acceptUploads(app);
    await mountApiDocs(app);
  },
});
