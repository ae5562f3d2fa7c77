export * from './database.options';
export * from './snake-naming.strategy';
export * from './migrate';
export * from './persistence.module';
export * from './query-rows';
export * from './batch-cache';
export * from './batcher';
export * from './row-locks';
