import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { LedgerController } from './ledger.controller';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';

@Module({
  imports: [ConversationsModule],
  controllers: [LedgerController],
  providers: [LedgerService, LedgerRepository],
})
export class LedgerModule {}
