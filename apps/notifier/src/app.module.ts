import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { HeraldConfigModule } from '@herald/config';
import { KafkaModule } from '@herald/kafka';
import { HealthModule, LoggingModule } from '@herald/observability';
import { PersistenceModule } from '@herald/persistence';
import { NotifierConfig } from './config/notifier.config';
import { notifierDatabase } from './database/notifier.database';
import { DeliveryModule } from './delivery/delivery.module';
import { IntakeModule } from './intake/intake.module';
import { RetentionModule } from './retention/retention.module';

/** The webhook deliverer: turns Herald's events into deliveries to the teams' endpoints, and delivers them. */
@Module({
  imports: [
    HeraldConfigModule.forRoot(NotifierConfig),
    LoggingModule,
    KafkaModule.forRoot({ service: 'notifier' }),
    PersistenceModule.forRoot(notifierDatabase),
    HealthModule.forRoot({ dependencies: ['database', 'kafka'] }),
    ScheduleModule.forRoot(),
    DeliveryModule,
    IntakeModule,
    RetentionModule,
  ],
})
export class AppModule {}
