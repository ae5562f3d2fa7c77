import 'reflect-metadata';
import { runService } from '@herald/runtime';
import { AppModule } from './app.module';
import { LedgerConfig } from './config/ledger.config';

void runService({
  name: 'ledger',
  module: AppModule,
  config: LedgerConfig,
  consumesKafka: true,
});
