import 'reflect-metadata';
import { runMigrationsFor } from '@herald/persistence';
import { dispatcherDatabase } from './database/dispatcher.database';

void runMigrationsFor('dispatcher', dispatcherDatabase);
