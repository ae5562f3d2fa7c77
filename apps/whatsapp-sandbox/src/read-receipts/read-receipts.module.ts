import { Module } from '@nestjs/common';
import { ReadReceiptsInspectionController } from './read-receipts-inspection.controller';
import { ReadReceiptsService } from './read-receipts.service';
import { ReceivedMessageRegistry } from './received-message.registry';

/**
 * Marking received messages read (the status update on `/messages`, served by MessagesController), the record of
 * those calls, and the registry of received messages that inbound delivery fills.
 */
@Module({
  controllers: [ReadReceiptsInspectionController],
  providers: [ReadReceiptsService, ReceivedMessageRegistry],
  exports: [ReadReceiptsService, ReceivedMessageRegistry],
})
export class ReadReceiptsModule {}
