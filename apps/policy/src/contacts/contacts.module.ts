import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChannelsModule } from '../channels/channels.module';
import { ConsentEvent } from './consent-event.entity';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';
import { InboundController } from './inbound.controller';
import { InboundMessage } from './inbound-message.entity';
import { WindowAlert } from './window-alert.entity';
import { WindowAlertsRepository } from './window-alerts.repository';
import { WindowClosingService } from './window-closing.service';
import { WindowsController } from './windows.controller';

@Module({
  imports: [TypeOrmModule.forFeature([InboundMessage, ConsentEvent, WindowAlert]), ChannelsModule],
  controllers: [InboundController, WindowsController],
  providers: [ContactsService, ContactsRepository, WindowAlertsRepository, WindowClosingService],
  exports: [ContactsService],
})
export class ContactsModule {}
