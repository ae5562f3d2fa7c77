import { Module } from '@nestjs/common';
import { secretBoxProvider } from '@herald/whatsapp';
import { ChannelsModule } from '../channels/channels.module';
import { GraphCallsController } from './graph-calls.controller';
import { GraphCallsService } from './graph-calls.service';

/** The Graph API calls the ingress asks for: customers' media, uploads, read receipts. */
@Module({
  imports: [ChannelsModule],
  controllers: [GraphCallsController],
  providers: [GraphCallsService, secretBoxProvider],
})
export class GraphCallsModule {}
