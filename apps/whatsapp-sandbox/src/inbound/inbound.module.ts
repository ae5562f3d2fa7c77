import { Module } from '@nestjs/common';
import { MediaModule } from '../media/media.module';
import { InboundController } from './inbound.controller';
import { InboundService } from './inbound.service';

@Module({ imports: [MediaModule], controllers: [InboundController], providers: [InboundService] })
export class InboundModule {}
