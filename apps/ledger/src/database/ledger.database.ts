import { LEDGER_SCHEMA, Message } from '@herald/ledger';
import type { ServiceDatabase } from '@herald/persistence';
import { Channel } from '../channels/channel.entity';
import { LedgerTakesItsTables1765400000000 } from './migrations/1765400000000-ledger-takes-its-tables';

/** The ledger worker owns the `ledger` schema: every message's row, the events waiting for one, the channels. */
export const ledgerDatabase: ServiceDatabase = {
  schema: LEDGER_SCHEMA,
  entities: [Message, Channel],
  migrations: [LedgerTakesItsTables1765400000000],
};
