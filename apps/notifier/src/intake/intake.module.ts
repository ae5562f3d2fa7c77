import { Module } from '@nestjs/common';
import { MessageLedgerRepository } from '@herald/ledger';
import { ChannelsModule } from '../channels/channels.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { IntakeController } from './intake.controller';
import { IntakeService } from './intake.service';

@Module({
  imports: [ChannelsModule, DeliveryModule],
  controllers: [IntakeController],
  providers: [IntakeService, MessageLedgerRepository],
})
export class IntakeModule {}
