import { Module } from '@nestjs/common';
import { ContactsRepository, ConversationRepository } from '@herald/ledger';
import { ChannelsModule } from '../channels/channels.module';
import { ConversationsController } from './conversations.controller';
import { ConversationsService } from './conversations.service';

@Module({
  imports: [ChannelsModule],
  controllers: [ConversationsController],
  providers: [ConversationsService, ConversationRepository, ContactsRepository],
  exports: [ConversationsService],
})
export class ConversationsModule {}
