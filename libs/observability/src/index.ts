export * from './logging.module';
export * from './health.controller';
export * from './health.module';
export * from './public-route.decorator';
export * from './internal-api-token';
