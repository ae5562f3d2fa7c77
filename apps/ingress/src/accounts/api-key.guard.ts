import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCodes } from '@herald/contracts';
import type { FastifyRequest } from 'fastify';
import { HeraldError } from '../http/herald-error';
import { AccountsService, AuthenticatedTeam } from './accounts.service';

const PUBLIC = 'herald:public';
/** Marks a route that needs no API key (health, provider webhooks: those prove themselves otherwise). */
export const Public = () => SetMetadata(PUBLIC, true);

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
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
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
