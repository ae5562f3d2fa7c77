import { Module } from '@nestjs/common';
import { ContactsRepository, ConversationRepository } from '@herald/ledger';
import { AccountsModule } from '../accounts/accounts.module';
import { InternalServicesClient } from '../internal/internal-services.client';
import { OutboxModule } from '../outbox/outbox.module';
import { ContactErasureRepository } from './contact-erasure.repository';
import { ContactsApiController } from './contacts-api.controller';
import { PolicyWindows } from './contact-windows.service';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';

/**
 * The contacts: Callbell's contacts API over the ledger's contacts, each with its window as the policy judges it,
 * and the team's opt-outs and opt-ins.
 */
@Module({
  imports: [AccountsModule, OutboxModule],
  controllers: [ContactsController, ContactsApiController],
  providers: [ContactsService, ContactErasureRepository, ContactsRepository, ConversationRepository, PolicyWindows, InternalServicesClient],
  exports: [PolicyWindows],
})
export class ContactsModule {}
