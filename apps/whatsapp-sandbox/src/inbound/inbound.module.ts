import { Module } from '@nestjs/common';
import { MediaModule } from '../media/media.module';
import { ReadReceiptsModule } from '../read-receipts/read-receipts.module';
import { InboundController } from './inbound.controller';
import { InboundService } from './inbound.service';

@Module({ imports: [MediaModule, ReadReceiptsModule], controllers: [InboundController], providers: [InboundService] })
export class InboundModule {}
