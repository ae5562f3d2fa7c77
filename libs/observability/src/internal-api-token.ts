import { createHash, timingSafeEqual } from 'node:crypto';
import { ErrorCodes, ErrorResponse } from '@herald/contracts';
import type { FastifyInstance } from 'fastify';

/** The routes of a service that serves only Herald itself: every one but its health probes. */
export const everyRouteButHealth = (route: string | undefined): boolean => !route?.startsWith('/health/');

const bearer = /^Bearer\s+(\S+)\s*$/i;
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Answers 401 to a request for a protected route that does not carry `Authorization: Bearer <token>`. `protects`
 * is asked with the route the request matched (its pattern, `/decisions/preview`), undefined for no route, so an
 * unknown path reveals nothing either. A Fastify hook rather than a Nest guard: it runs before the body is read,
 * and never meets the Kafka handlers a global guard would also be asked about.
 */
export function requireInternalApiToken(
  fastify: FastifyInstance,
  token: string,
  protects: (route: string | undefined) => boolean,
): void {
  // Equal-length digests compare in constant time, whatever the length of what was sent.
  const expected = digest(token);
  const refusal: ErrorResponse = {
    error: { code: ErrorCodes.Unauthorized, message: 'An internal API: Authorization: Bearer <INTERNAL_API_TOKEN> is required' },
  };
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!protects(request.routeOptions.url)) return done();
    const given = bearer.exec(request.headers.authorization ?? '')?.[1];
    if (given !== undefined && timingSafeEqual(digest(given), expected)) return done();
    void reply.code(401).header('www-authenticate', 'Bearer').send(refusal);
  });
}
