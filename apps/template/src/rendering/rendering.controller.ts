import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { Topics } from '@herald/contracts';
import { EventProcessor, KafkaBatch } from '@herald/kafka';
import { RenderingService } from './rendering.service';

@Controller()
export class RenderingController {
  constructor(
    private readonly events: EventProcessor,
    private readonly rendering: RenderingService,
  ) {}

  @EventPattern(Topics.MessageApproved)
  approved(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.MessageApproved, (events) => this.rendering.render(events));
  }
}
