import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BaseConfig } from '@herald/config';
import { databaseOptions, ServiceDatabase } from './database.options';

/** PostgreSQL for a Herald service, through TypeORM, on the service's own schema. */
@Module({})
export class PersistenceModule {
  static forRoot(database: ServiceDatabase): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [BaseConfig],
          useFactory: (config: BaseConfig) => ({
            ...databaseOptions(config, database),
            // Fail fast at start; the readiness probe reports a database that goes away later.
            retryAttempts: 3,
            retryDelay: 1_000,
          }),
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
