import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCodes } from '@herald/contracts';
import { PUBLIC_ROUTE } from '@herald/observability';
import type { FastifyRequest } from 'fastify';
import { ApiKeyThrottlerGuard } from '../http/api-key-throttler.guard';
import { HeraldError } from '../http/herald-error';
import { AccountsService, AuthenticatedTeam } from './accounts.service';

export type AuthenticatedRequest = FastifyRequest & { team: AuthenticatedTeam };

/**
 * The HTTP API's one global guard. Every route needs `Authorization: Bearer <api key>` unless it is marked
 * @Public(), and every request to such a route counts against a rate limit: its key's once the key is known, else
 * its address's, so that guessing keys is limited too. The key is looked up first and the limit counted second here,
 * in this method, not by whichever order Nest registers global guards in.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accounts: AccountsService,
    private readonly rateLimit: ApiKeyThrottlerGuard,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    const team = match ? await this.accounts.authenticate(match[1]) : null;
    if (team) request.team = team;
    await this.rateLimit.canActivate(context);
    if (!match) {
      throw new HeraldError(ErrorCodes.Unauthorized, 'An API key is required: Authorization: Bearer <key>');
    }
    if (!team) throw new HeraldError(ErrorCodes.Unauthorized, 'The API key is not valid or was revoked');
    return true;
  }
}
