export * from './key';
export * from './outbound-message';
export * from './value';
