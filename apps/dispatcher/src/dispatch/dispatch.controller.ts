import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { MessageReadyEvent, MessageStatusEvent, Topics } from '@herald/contracts';
import { EventProcessor, KafkaBatch } from '@herald/kafka';
import { DispatchQueueService } from './dispatch-queue.service';
import { DispatchService } from './dispatch.service';

@Controller()
export class DispatchController {
  constructor(
    private readonly events: EventProcessor,
    private readonly dispatch: DispatchService,
    private readonly queue: DispatchQueueService,
  ) {}

  @EventPattern(Topics.MessageReady)
  ready(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, MessageReadyEvent, (events) => this.dispatch.accept(events));
  }

  @EventPattern(Topics.MessageStatus)
  status(@Ctx() batch: KafkaBatch) {
    // Three statuses per message, nearly all about sends this replica saw answered: those are passed over before
    // their contract check (the ledger checks every status), as are statuses without Herald's uuid.
    return this.events.process(batch, MessageStatusEvent, (events) => this.dispatch.reconcile(events.map((event) => event.data)), {
      ignore: (event) => {
        const messageUuid = event.data?.messageUuid;
        return typeof messageUuid !== 'string' || !this.queue.mayNeedReconciling(messageUuid);
      },
    });
  }
}
