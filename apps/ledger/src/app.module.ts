import { Module } from '@nestjs/common';
import { HeraldConfigModule } from '@herald/config';
import { KafkaModule } from '@herald/kafka';
import { HealthModule, LoggingModule } from '@herald/observability';
import { PersistenceModule } from '@herald/persistence';
import { ChannelsModule } from './channels/channels.module';
import { LedgerConfig } from './config/ledger.config';
import { ledgerDatabase } from './database/ledger.database';
import { LedgerModule } from './ledger/ledger.module';

/**
 * The ledger worker: follows the events that change a message's row, and keeps the row in step, a batch at a time;
 * stores the customers' messages and keeps the contacts both directions make.
 */
@Module({
  imports: [
    HeraldConfigModule.forRoot(LedgerConfig),
    LoggingModule,
    KafkaModule.forRoot({ service: 'ledger' }),
    PersistenceModule.forRoot(ledgerDatabase),
    HealthModule.forRoot({ dependencies: ['database', 'kafka'] }),
    ChannelsModule,
    LedgerModule,
  ],
})
export class AppModule {}
