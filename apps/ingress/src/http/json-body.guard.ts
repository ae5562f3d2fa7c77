import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ErrorCodes } from '@herald/contracts';
import type { FastifyRequest } from 'fastify';
import { HeraldError } from './herald-error';

/** The API speaks JSON: a body sent as anything else is refused with 415, not guessed at. */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const contentType = context.switchToHttp().getRequest<FastifyRequest>().headers['content-type'] ?? '';
    if (!/^application\/json(\s*;|$)/i.test(contentType)) {
      throw new HeraldError(ErrorCodes.UnsupportedMediaType, 'Content-Type must be application/json');
    }
    return true;
  }
}
