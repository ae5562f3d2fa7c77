import 'reflect-metadata';
import { runMigrationsFor } from '@herald/persistence';
import { IngressConfig } from './config/ingress.config';
import { ingressDatabase } from './database/ingress.database';

void runMigrationsFor('ingress', IngressConfig, ingressDatabase);
