import { Module } from '@nestjs/common';
import { ContactsRepository, ConversationRepository } from '@herald/ledger';
import { AccountsModule } from '../accounts/accounts.module';
import { ContactsApiController } from './contacts-api.controller';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';

/** The contacts: Callbell's contacts API over the ledger's contacts, and the team's opt-outs and opt-ins. */
@Module({
  imports: [AccountsModule],
  controllers: [ContactsController, ContactsApiController],
  providers: [ContactsService, ContactsRepository, ConversationRepository],
})
export class ContactsModule {}
