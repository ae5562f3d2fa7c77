import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { ContactsModule } from '../contacts/contacts.module';
import { DecisionsController } from './decisions.controller';
import { DecisionsRepository } from './decisions.repository';
import { DecisionsService } from './decisions.service';
import { PreviewController } from './preview.controller';

@Module({
  imports: [ChannelsModule, ContactsModule],
  controllers: [DecisionsController, PreviewController],
  providers: [DecisionsService, DecisionsRepository],
})
export class DecisionsModule {}
