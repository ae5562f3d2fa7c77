import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { HeraldConfigModule } from '@herald/config';
import { KafkaModule } from '@herald/kafka';
import { HealthModule, LoggingModule } from '@herald/observability';
import { PersistenceModule } from '@herald/persistence';
import { ChannelsModule } from './channels/channels.module';
import { PolicyConfig } from './config/policy.config';
import { ContactsModule } from './contacts/contacts.module';
import { policyDatabase } from './database/policy.database';
import { DecisionsModule } from './decisions/decisions.module';

@Module({
  imports: [
    HeraldConfigModule.forRoot(PolicyConfig),
    LoggingModule,
    ScheduleModule.forRoot(),
    KafkaModule.forRoot({ service: 'policy' }),
    PersistenceModule.forRoot(policyDatabase),
    HealthModule.forRoot({ dependencies: ['database', 'kafka'] }),
    ChannelsModule,
    ContactsModule,
    DecisionsModule,
  ],
})
export class AppModule {}
