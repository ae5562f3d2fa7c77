import 'reflect-metadata';
import { runMigrationsFor } from '@herald/persistence';
import { DispatcherConfig } from './config/dispatcher.config';
import { dispatcherDatabase } from './database/dispatcher.database';

void runMigrationsFor('dispatcher', DispatcherConfig, dispatcherDatabase);
