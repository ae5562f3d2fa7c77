import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { InternalServicesClient } from '../internal/internal-services.client';
import { OutboxModule } from '../outbox/outbox.module';
import { AcceptBatcher } from './accept-batcher.service';
import { MessageLedgerController } from './message-ledger.controller';
import { MessageLedgerService } from './message-ledger.service';
import { Message } from './message.entity';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';

@Module({
  imports: [TypeOrmModule.forFeature([Message]), AccountsModule, OutboxModule],
  controllers: [MessagesController, MessageLedgerController],
  providers: [MessagesService, MessageLedgerService, IdempotencyService, InternalServicesClient, AcceptBatcher],
})
export class MessagesModule {}
