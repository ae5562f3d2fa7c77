import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ClassConstructor } from 'class-transformer';
import { BaseConfig } from './base.config';
import { loadConfig } from './load-config';

/** The configuration classes `schema` extends, up to and including BaseConfig. */
function ancestors(schema: ClassConstructor<BaseConfig>): Array<ClassConstructor<BaseConfig>> {
  const found: Array<ClassConstructor<BaseConfig>> = [];
  for (let current = Object.getPrototypeOf(schema) as ClassConstructor<BaseConfig> | null; current; current = Object.getPrototypeOf(current)) {
    if (current !== BaseConfig && !(current.prototype instanceof BaseConfig)) break;
    found.push(current);
    if (current === BaseConfig) break;
  }
  return found;
}

/**
 * Validates the service's configuration class once, at start-up, through @nestjs/config, and provides the typed
 * instance under its own class, so providers inject `IngressConfig` rather than reading `process.env`.
 */
@Module({})
export class HeraldConfigModule {
  static forRoot<T extends BaseConfig>(schema: ClassConstructor<T>): DynamicModule {
    let validated: T | undefined;
    let problem: unknown;
    return {
      module: HeraldConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          // ConfigModule validates as soon as the module file is imported; a throw there would escape the service's
          // start-up error handling, so the verdict is kept and delivered when the config is first injected.
          validate: (environment) => {
            try {
              validated = loadConfig(schema, environment as Record<string, string | undefined>);
            } catch (error) {
              problem = error;
            }
            return environment;
          },
        }),
      ],
      providers: [
        {
          provide: schema,
          useFactory: () => {
            if (problem) throw problem;
            return validated ?? loadConfig(schema);
          },
        },
        // Shared libraries (Kafka, persistence, logging) read the settings every service has through BaseConfig,
        // and a provider shared by two entry points (a service and its CLI) through the class both configs extend.
        ...ancestors(schema).map((ancestor) => ({ provide: ancestor, useExisting: schema })),
      ],
      exports: [schema, ...ancestors(schema)],
    };
  }
}
