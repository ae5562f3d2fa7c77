import { Module } from '@nestjs/common';
import { InboundMediaRepository } from '@herald/ledger';
import { AccountsModule } from '../accounts/accounts.module';
import { GraphCallsClient } from '../internal/graph-calls.client';
import { InternalServicesClient } from '../internal/internal-services.client';
import { MediaController } from './media.controller';
import { MediaService } from './media.service';

/** `GET /media/:id` and `POST /media`: customers' media and the team's uploads, through the dispatcher. */
@Module({
  imports: [AccountsModule],
  controllers: [MediaController],
  providers: [MediaService, InboundMediaRepository, GraphCallsClient, InternalServicesClient],
})
export class MediaModule {}
