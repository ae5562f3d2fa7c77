import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { MessageRequestedEvent, Topics } from '@herald/contracts';
import { EventProcessor } from '@herald/kafka';
import { DecisionsService } from './decisions.service';

@Controller()
export class DecisionsController {
  constructor(
    private readonly events: EventProcessor,
    private readonly decisions: DecisionsService,
  ) {}

  @EventPattern(Topics.MessageRequested)
  requested(@Ctx() context: KafkaContext) {
    return this.events.process(context, MessageRequestedEvent, (event) => this.decisions.decide(event));
  }
}
