import { Contact, ContactErasure, InboundMessage, LEDGER_SCHEMA, Message } from '@herald/ledger';
import type { ServiceDatabase } from '@herald/persistence';
import { Channel } from '../channels/channel.entity';
import { LedgerTakesItsTables1765400000000 } from './migrations/1765400000000-ledger-takes-its-tables';
import { Conversations1765500000000 } from './migrations/1765500000000-conversations';

/**
 * The ledger worker owns the `ledger` schema: every message's row, the events waiting for one, the channels, and the
 * conversations: the contacts, the customers' messages and the record of erasures.
 */
export const ledgerDatabase: ServiceDatabase = {
  schema: LEDGER_SCHEMA,
  entities: [Message, Channel, Contact, InboundMessage, ContactErasure],
  migrations: [LedgerTakesItsTables1765400000000, Conversations1765500000000],
};
