import { All, Controller, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { GraphApiError } from './graph-api.error';

/** Every path the sandbox does not serve is answered as graph.facebook.com answers one: Meta's error shape. */
@Controller()
export class UnknownPathController {
  @All('*')
  unknownPath(@Req() request: FastifyRequest): never {
    throw GraphApiError.unknownPath(request.url.split('?')[0]);
  }
}
