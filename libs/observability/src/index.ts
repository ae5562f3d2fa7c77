export * from './logging.module';
export * from './health.controller';
export * from './health.module';
