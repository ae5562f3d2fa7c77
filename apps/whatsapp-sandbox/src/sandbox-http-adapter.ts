import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { requireInternalApiToken } from '@herald/observability';
import { SandboxConfig } from './config/sandbox.config';
import { MAX_UPLOAD_BYTES } from './uploads/media-types';

/** Meta-sized request bodies: a send is small, but a template with many parameters should never hit a limit. */
export const SANDBOX_BODY_LIMIT_BYTES = 1024 * 1024;

/** The Fastify adapter of the sandbox, shared by `main.ts` and the in-process HTTP test. */
export function createSandboxHttpAdapter(): FastifyAdapter {
  const adapter = new FastifyAdapter({ bodyLimit: SANDBOX_BODY_LIMIT_BYTES });
  // Media uploads (`POST /{version}/{phone-number-id}/media`) are multipart/form-data: kept whole here, up to Meta's
  // largest media, and parsed by the upload endpoint itself.
  adapter
    .getInstance()
    .addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_request, body, done) =>
      done(null, body),
    );
  return adapter;
}

/**
 * The control endpoints (`/_sandbox/*`: simulate a customer, inspect sends, inject faults) need the internal API
 * token; the Graph API endpoints keep Meta's own access token check (GraphAccessTokenGuard).
 */
export function protectControlEndpoints(app: NestFastifyApplication): void {
  const token = app.get(SandboxConfig).INTERNAL_API_TOKEN;
  requireInternalApiToken(app.getHttpAdapter().getInstance(), token, (route) => route?.startsWith('/_sandbox/') ?? false);
}
