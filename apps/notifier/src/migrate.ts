import 'reflect-metadata';
import { runMigrationsFor } from '@herald/persistence';
import { notifierDatabase } from './database/notifier.database';

void runMigrationsFor('notifier', notifierDatabase);
