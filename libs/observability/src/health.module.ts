import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { KafkaHealthIndicator } from '@herald/kafka';
import { HealthController, READINESS_CHECKS } from './health.controller';

export type Dependency = 'database' | 'kafka';

/** Liveness and readiness endpoints; readiness checks the dependencies the service names. */
@Module({})
export class HealthModule {
  static forRoot({ dependencies }: { dependencies: Dependency[] }): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        ...(dependencies.includes('database') ? [TypeOrmHealthIndicator] : []),
        {
          provide: READINESS_CHECKS,
          inject: dependencies.map((dependency) => (dependency === 'database' ? TypeOrmHealthIndicator : KafkaHealthIndicator)),
          useFactory: (...indicators: Array<TypeOrmHealthIndicator | KafkaHealthIndicator>) =>
            indicators.map((indicator) =>
              indicator instanceof TypeOrmHealthIndicator
                ? () => indicator.pingCheck('database', { timeout: 2_000 })
                : () => indicator.isHealthy('kafka'),
            ),
        },
      ],
    };
  }
}
