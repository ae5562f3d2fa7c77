import { Module } from '@nestjs/common';
import { InboundMediaRepository } from '@herald/ledger';
import { AccountsModule } from '../accounts/accounts.module';
import { MediaController } from './media.controller';
import { MediaService } from './media.service';

/** `GET /media/:id`: customers' media, through Herald. */
@Module({
  imports: [AccountsModule],
  controllers: [MediaController],
  providers: [MediaService, InboundMediaRepository],
})
export class MediaModule {}
