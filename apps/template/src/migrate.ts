import 'reflect-metadata';
import { runMigrationsFor } from '@herald/persistence';
import { templateDatabase } from './database/template.database';

void runMigrationsFor('template', templateDatabase);
