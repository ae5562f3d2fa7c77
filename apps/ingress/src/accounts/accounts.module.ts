import { Module } from '@nestjs/common';
import { AccountsCache } from './accounts-cache.service';
import { AccountsChangesRepository } from './accounts-changes.repository';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';

@Module({
  providers: [AccountsService, AccountsCache, AccountsRepository, AccountsChangesRepository],
  exports: [AccountsService],
})
export class AccountsModule {}
