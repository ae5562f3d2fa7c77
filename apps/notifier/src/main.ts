import 'reflect-metadata';
import { runService } from '@herald/runtime';
import { AppModule } from './app.module';
import { NotifierConfig } from './config/notifier.config';

void runService({
  name: 'notifier',
  module: AppModule,
  config: NotifierConfig,
  consumesKafka: true,
});
