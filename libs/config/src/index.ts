export * from './load-config';
export * from './base.config';
export * from './config.module';
export * from './development';
export * from './internal-api.config';
export * from './address-policy';
