import 'reflect-metadata';
import { runMigrationsFor } from '@herald/persistence';
import { policyDatabase } from './database/policy.database';

void runMigrationsFor('policy', policyDatabase);
