import { FastifyAdapter } from '@nestjs/platform-fastify';

/** Meta-sized request bodies: a send is small, but a template with many parameters should never hit a limit. */
export const SANDBOX_BODY_LIMIT_BYTES = 1024 * 1024;

/** The Fastify adapter of the sandbox, shared by `main.ts` and the in-process HTTP test. */
export function createSandboxHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({ bodyLimit: SANDBOX_BODY_LIMIT_BYTES });
}
