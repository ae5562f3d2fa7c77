import { Module } from '@nestjs/common';
import { ConversationRepository, MessageLedgerRepository } from '@herald/ledger';
import { AccountsModule } from '../accounts/accounts.module';
import { IdempotencyKeysRepository } from '../idempotency/idempotency-keys.repository';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { InternalServicesClient } from '../internal/internal-services.client';
import { OutboxModule } from '../outbox/outbox.module';
import { AcceptBatcher } from './accept-batcher.service';
import { AcceptRepository } from './accept.repository';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';

@Module({
  imports: [AccountsModule, OutboxModule],
  controllers: [MessagesController],
  providers: [MessagesService, IdempotencyService, IdempotencyKeysRepository, InternalServicesClient, AcceptBatcher, AcceptRepository, MessageLedgerRepository, ConversationRepository],
})
export class MessagesModule {}
