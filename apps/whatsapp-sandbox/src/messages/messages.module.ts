import { Module } from '@nestjs/common';
import { FaultsModule } from '../faults/faults.module';
import { GraphModule } from '../graph/graph.module';
import { ReadReceiptsModule } from '../read-receipts/read-receipts.module';
import { TemplatesModule } from '../templates/templates.module';
import { MediaModule } from '../media/media.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';
import { SentMessageStore } from './sent-message.store';

/** The Cloud API's send endpoint (sends and status updates), and the record of every send it accepted. */
@Module({
  imports: [GraphModule, TemplatesModule, WebhooksModule, FaultsModule, MediaModule, ReadReceiptsModule],
  controllers: [MessagesController],
  providers: [MessagesService, SentMessageStore],
  exports: [SentMessageStore],
})
export class MessagesModule {}
