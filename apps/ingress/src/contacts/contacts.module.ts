import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ContactsController } from './contacts.controller';

@Module({ imports: [AccountsModule], controllers: [ContactsController] })
export class ContactsModule {}
