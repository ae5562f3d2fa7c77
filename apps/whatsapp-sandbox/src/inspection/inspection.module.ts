import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { InspectionController } from './inspection.controller';
import { InspectionService } from './inspection.service';

/** `/_sandbox`: inspection and reset of what the sandbox recorded. */
@Module({
  imports: [MessagesModule, WebhooksModule],
  controllers: [InspectionController],
  providers: [InspectionService],
})
export class InspectionModule {}
