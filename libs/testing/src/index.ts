export * from './service-process';
export * from './platform';
export * from './kafka-topics';
export * from './session-window';
export * from './broker';
export * from './tcp-proxy';
export * from './database';
export * from './access-token-file';
