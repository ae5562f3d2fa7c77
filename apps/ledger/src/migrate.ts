import 'reflect-metadata';
import { runMigrationsFor } from '@herald/persistence';
import { ledgerDatabase } from './database/ledger.database';

void runMigrationsFor('ledger', ledgerDatabase);
