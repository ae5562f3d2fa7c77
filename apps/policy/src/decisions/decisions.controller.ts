import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { Topics } from '@herald/contracts';
import { EventProcessor, KafkaBatch } from '@herald/kafka';
import { DecisionsService } from './decisions.service';

@Controller()
export class DecisionsController {
  constructor(
    private readonly events: EventProcessor,
    private readonly decisions: DecisionsService,
  ) {}

  @EventPattern(Topics.MessageRequested)
  requested(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.MessageRequested, (events, records) => this.decisions.decide(events, records));
  }
}
