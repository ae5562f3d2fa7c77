import { Module } from '@nestjs/common';
import { FaultsController } from './faults.controller';
import { FaultsService } from './faults.service';

/** Fault injection: error answers, dropped connections, rate limits, failed deliveries, latency, webhook timing. */
@Module({
  controllers: [FaultsController],
  providers: [FaultsService],
  exports: [FaultsService],
})
export class FaultsModule {}
