import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsCache } from './accounts-cache.service';
import { AccountsService } from './accounts.service';
import { ApiKey } from './api-key.entity';
import { Channel } from './channel.entity';
import { Member } from './member.entity';
import { Team } from './team.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Team, ApiKey, Channel, Member])],
  providers: [AccountsService, AccountsCache],
  exports: [AccountsService],
})
export class AccountsModule {}
