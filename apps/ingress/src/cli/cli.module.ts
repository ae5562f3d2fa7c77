import { Module } from '@nestjs/common';
import { BaseConfig, HeraldConfigModule } from '@herald/config';
import { KafkaModule } from '@herald/kafka';
import { PersistenceModule } from '@herald/persistence';
import { AccountsModule } from '../accounts/accounts.module';
import { ingressDatabase } from '../database/ingress.database';

/**
 * What the accounts CLI needs and nothing more: the database, and the Kafka producer (a new channel is announced
 * on channel.configured). No HTTP, no consumers, and none of the HTTP API's secrets.
 */
@Module({
  imports: [
    HeraldConfigModule.forRoot(BaseConfig),
    KafkaModule.forRoot({ service: 'cli' }),
    PersistenceModule.forRoot(ingressDatabase),
    AccountsModule,
  ],
})
export class CliModule {}
