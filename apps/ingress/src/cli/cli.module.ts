import { MessageLedgerRepository } from '@herald/ledger';
import { Module } from '@nestjs/common';
import { HeraldConfigModule } from '@herald/config';
import { KafkaModule } from '@herald/kafka';
import { PersistenceModule } from '@herald/persistence';
import { AccountsModule } from '../accounts/accounts.module';
import { CliConfig } from '../config/ingress.config';
import { ingressDatabase } from '../database/ingress.database';
import { InternalServicesClient } from '../internal/internal-services.client';
import { webhookEndpointProviders } from '../webhook-endpoints/webhook-endpoints.module';
import { OperatorDecisions } from './operator-decisions.service';

/**
 * What the CLI needs and nothing more: the database, the Kafka producer (a new channel is announced on
 * channel.configured), the template service's address (templates sync) and the webhook endpoints' service (its
 * secret key read only by a command that makes a secret). No HTTP server, no consumers, and none
 * of the HTTP API's secrets.
 */
@Module({
  imports: [
    HeraldConfigModule.forRoot(CliConfig),
    KafkaModule.forRoot({ service: 'cli' }),
    PersistenceModule.forRoot(ingressDatabase),
    AccountsModule,
  ],
  providers: [InternalServicesClient, OperatorDecisions, MessageLedgerRepository, ...webhookEndpointProviders],
})
export class CliModule {}
