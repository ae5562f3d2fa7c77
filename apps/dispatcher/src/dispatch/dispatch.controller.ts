import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { Topics } from '@herald/contracts';
import { EventProcessor, KafkaBatch } from '@herald/kafka';
import { DispatchService } from './dispatch.service';

@Controller()
export class DispatchController {
  constructor(
    private readonly events: EventProcessor,
    private readonly dispatch: DispatchService,
  ) {}

  @EventPattern(Topics.MessageReady)
  ready(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.MessageReady, (events) => this.dispatch.accept(events));
  }

  @EventPattern(Topics.MessageDecided)
  decided(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.MessageDecided, (events) => this.dispatch.decide(events.map((event) => event.data)));
  }

  @EventPattern(Topics.MessageStatus)
  status(@Ctx() batch: KafkaBatch) {
    // The statuses that cannot settle anything are passed over before their contract check (the ledger checks them).
    return this.events.process(batch, Topics.MessageStatus, (events) => this.dispatch.reconcile(events.map((event) => event.data)), {
      ignore: (event) => !this.dispatch.mayReconcile(event.data?.messageUuid),
    });
  }
}
