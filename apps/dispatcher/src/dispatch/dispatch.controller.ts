import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { MessageReadyEvent, MessageStatusEvent, Topics } from '@herald/contracts';
import { EventProcessor } from '@herald/kafka';
import { DispatchService } from './dispatch.service';

@Controller()
export class DispatchController {
  constructor(
    private readonly events: EventProcessor,
    private readonly dispatch: DispatchService,
  ) {}

  @EventPattern(Topics.MessageReady)
  ready(@Ctx() context: KafkaContext) {
    return this.events.process(context, MessageReadyEvent, (event) => this.dispatch.accept(event));
  }

  @EventPattern(Topics.MessageStatus)
  status(@Ctx() context: KafkaContext) {
    return this.events.process(context, MessageStatusEvent, (event) => this.dispatch.reconcile(event.data));
  }
}
