import { Module } from '@nestjs/common';
import { ConversationRepository, MessageLedgerRepository } from '@herald/ledger';
import { AccountsModule } from '../accounts/accounts.module';
import { GraphCallsClient } from '../internal/graph-calls.client';
import { InternalServicesClient } from '../internal/internal-services.client';
import { ReadReceiptsController } from './read-receipts.controller';
import { ReadReceiptsService } from './read-receipts.service';

/** `POST /messages/:uuid/read`: read receipts and the typing indicator, through the dispatcher. */
@Module({
  imports: [AccountsModule],
  controllers: [ReadReceiptsController],
  providers: [ReadReceiptsService, ConversationRepository, MessageLedgerRepository, GraphCallsClient, InternalServicesClient],
})
export class ReadReceiptsModule {}
