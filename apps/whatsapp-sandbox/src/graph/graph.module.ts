import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphAccessTokenGuard } from './graph-access-token.guard';
import { GraphErrorFilter } from './graph-error.filter';
import { UnknownPathController } from './unknown-path.controller';

/** What every emulated Graph API endpoint shares: the access token check, Meta's error shape, unknown paths. */
@Module({
  controllers: [UnknownPathController],
  providers: [GraphAccessTokenGuard, { provide: APP_FILTER, useClass: GraphErrorFilter }],
  exports: [GraphAccessTokenGuard],
})
export class GraphModule {}
