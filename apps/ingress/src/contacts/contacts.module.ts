import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { InternalServicesClient } from '../internal/internal-services.client';
import { PolicyWindows } from './contact-windows.service';
import { ContactsController } from './contacts.controller';

@Module({ imports: [AccountsModule], controllers: [ContactsController], providers: [PolicyWindows, InternalServicesClient], exports: [PolicyWindows] })
export class ContactsModule {}
