import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { SandboxConfig } from '../config/sandbox.config';
import { GraphApiError } from './graph-api.error';

const bearer = /^Bearer\s+(\S+)\s*$/i;

/**
 * The Graph API's access token check: `Authorization: Bearer <token>`. With `SANDBOX_ACCESS_TOKEN` set only that
 * token passes; without it any non-empty token does. A failure is Meta's 401, code 190.
 */
@Injectable()
export class GraphAccessTokenGuard implements CanActivate {
  constructor(private readonly config: SandboxConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization;
    if (!header) throw GraphApiError.accessTokenMissing();
    const token = bearer.exec(header)?.[1];
    if (!token) throw GraphApiError.accessTokenInvalid();
    const expected = this.config.SANDBOX_ACCESS_TOKEN;
    if (expected !== undefined && !sameSecret(token, expected)) throw GraphApiError.accessTokenInvalid();
    return true;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
