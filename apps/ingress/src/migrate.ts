import 'reflect-metadata';
import { runMigrationsFor } from '@herald/persistence';
import { ingressDatabase } from './database/ingress.database';

void runMigrationsFor('ingress', ingressDatabase);
