import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChannelsModule } from '../channels/channels.module';
import { ContactsModule } from '../contacts/contacts.module';
import { Decision } from './decision.entity';
import { DecisionsController } from './decisions.controller';
import { DecisionsService } from './decisions.service';
import { PreviewController } from './preview.controller';

@Module({
  imports: [TypeOrmModule.forFeature([Decision]), ChannelsModule, ContactsModule],
  controllers: [DecisionsController, PreviewController],
  providers: [DecisionsService],
})
export class DecisionsModule {}
