import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCodes } from '@herald/contracts';
import { PUBLIC_ROUTE } from '@herald/observability';
import type { FastifyRequest } from 'fastify';
import { HeraldError } from '../http/herald-error';
import { AccountsService, AuthenticatedTeam } from './accounts.service';

export type AuthenticatedRequest = FastifyRequest & { team: AuthenticatedTeam };

/** Every route needs `Authorization: Bearer <api key>` unless it is marked @Public(). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accounts: AccountsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (!match) {
      throw new HeraldError(ErrorCodes.Unauthorized, 'An API key is required: Authorization: Bearer <key>');
    }
    const team = await this.accounts.authenticate(match[1]);
    if (!team) throw new HeraldError(ErrorCodes.Unauthorized, 'The API key is not valid or was revoked');
    request.team = team;
    return true;
  }
}
