export * from './ledger-rows';
export * from './ledger-schema';
export * from './message.entity';
export * from './message-ledger.repository';
