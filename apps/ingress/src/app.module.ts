import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerModule } from '@nestjs/throttler';
import { HeraldConfigModule } from '@herald/config';
import { KafkaModule } from '@herald/kafka';
import { HealthModule, LoggingModule } from '@herald/observability';
import { PersistenceModule } from '@herald/persistence';
import { AccountsModule } from './accounts/accounts.module';
import { ApiKeyGuard } from './accounts/api-key.guard';
import { IngressConfig } from './config/ingress.config';
import { ContactsModule } from './contacts/contacts.module';
import { ingressDatabase } from './database/ingress.database';
import { ApiKeyThrottlerGuard } from './http/api-key-throttler.guard';
import { ContractValidationPipe } from './http/contract-validation.pipe';
import { HttpErrorFilter } from './http/http-error.filter';
import { MediaModule } from './media/media.module';
import { MessagesModule } from './messages/messages.module';
import { ReadReceiptsModule } from './read-receipts/read-receipts.module';
import { RetentionModule } from './retention/retention.module';
import { TemplatesModule } from './templates/templates.module';
import { WebhookEndpointsModule } from './webhook-endpoints/webhook-endpoints.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({
  imports: [
    HeraldConfigModule.forRoot(IngressConfig),
    LoggingModule,
    ScheduleModule.forRoot(),
    KafkaModule.forRoot({ service: 'ingress' }),
    PersistenceModule.forRoot(ingressDatabase),
    // Ready while its database answers: accepts go to the outbox whether or not Kafka is there, and the relay takes
    // them over once the broker is back.
    HealthModule.forRoot({ dependencies: ['database'] }),
    ThrottlerModule.forRootAsync({
      inject: [IngressConfig],
      useFactory: (config: IngressConfig) => [{ name: 'default', ttl: 1_000, limit: config.RATE_LIMIT_PER_SECOND }],
    }),
    AccountsModule,
    MessagesModule,
    ContactsModule,
    MediaModule,
    ReadReceiptsModule,
    TemplatesModule,
    WebhooksModule,
    WebhookEndpointsModule,
    RetentionModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: HttpErrorFilter },
    { provide: APP_PIPE, useClass: ContractValidationPipe },
    // The only global guard: it looks up the API key, then counts the request against the key's rate limit.
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    ApiKeyThrottlerGuard,
  ],
})
export class AppModule {}
