import { Module } from '@nestjs/common';
import { HeraldConfigModule } from '@herald/config';
import { KafkaModule } from '@herald/kafka';
import { HealthModule, LoggingModule } from '@herald/observability';
import { PersistenceModule } from '@herald/persistence';
import { ChannelsModule } from './channels/channels.module';
import { DispatcherConfig } from './config/dispatcher.config';
import { dispatcherDatabase } from './database/dispatcher.database';
import { DispatchModule } from './dispatch/dispatch.module';
import { GraphCallsModule } from './graph/graph-calls.module';

@Module({
  imports: [
    HeraldConfigModule.forRoot(DispatcherConfig),
    LoggingModule,
    KafkaModule.forRoot({ service: 'dispatcher' }),
    PersistenceModule.forRoot(dispatcherDatabase),
    HealthModule.forRoot({ dependencies: ['database', 'kafka'] }),
    ChannelsModule,
    DispatchModule,
    GraphCallsModule,
  ],
})
export class AppModule {}
