import { Module } from '@nestjs/common';
import { FaultsModule } from '../faults/faults.module';
import { GraphModule } from '../graph/graph.module';
import { TemplatesModule } from '../templates/templates.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';
import { SentMessageStore } from './sent-message.store';

/** The Cloud API's send endpoint, and the record of every send it accepted. */
@Module({
  imports: [GraphModule, TemplatesModule, WebhooksModule, FaultsModule],
  controllers: [MessagesController],
  providers: [MessagesService, SentMessageStore],
  exports: [SentMessageStore],
})
export class MessagesModule {}
