import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChannelsModule } from '../channels/channels.module';
import { ConsentEvent } from './consent-event.entity';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';
import { InboundController } from './inbound.controller';
import { InboundMessage } from './inbound-message.entity';

@Module({
  imports: [TypeOrmModule.forFeature([InboundMessage, ConsentEvent]), ChannelsModule],
  controllers: [InboundController],
  providers: [ContactsService, ContactsRepository],
  exports: [ContactsService],
})
export class ContactsModule {}
