import { Module } from '@nestjs/common';
import { HeraldConfigModule } from '@herald/config';
import { KafkaModule } from '@herald/kafka';
import { HealthModule, LoggingModule } from '@herald/observability';
import { PolicyConfig } from './config/policy.config';
import { DecisionsModule } from './decisions/decisions.module';

@Module({
  imports: [
    HeraldConfigModule.forRoot(PolicyConfig),
    LoggingModule,
    KafkaModule.forRoot({ service: 'policy' }),
    HealthModule.forRoot({ dependencies: ['kafka'] }),
    DecisionsModule,
  ],
})
export class AppModule {}
