import 'reflect-metadata';
import { runService } from '@herald/runtime';
import { AppModule } from './app.module';
import { IngressConfig } from './config/ingress.config';
import { toErrorResponse } from './http/http-error.filter';

void runService({
  name: 'ingress',
  module: AppModule,
  config: IngressConfig,
  consumesKafka: true,
  rawBody: true,
  bodyLimit: (config) => config.HTTP_BODY_LIMIT,
  configure: (app) => {
    const fastify = app.getHttpAdapter().getInstance();
    // Errors Fastify raises before a route runs (bad JSON, too large, wrong content type) get the same shape.
    fastify.setErrorHandler((error, _request, reply) => {
      const { status, body } = toErrorResponse(error);
      void reply.status(status).send(body);
    });
    fastify.setNotFoundHandler((_request, reply) => {
      const { status, body } = toErrorResponse(Object.assign(new Error('not found'), { statusCode: 404 }));
      void reply.status(status).send(body);
    });
  },
});
