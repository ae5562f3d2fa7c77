import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { MessageApprovedEvent, Topics } from '@herald/contracts';
import { EventProcessor } from '@herald/kafka';
import { RenderingService } from './rendering.service';

@Controller()
export class RenderingController {
  constructor(
    private readonly events: EventProcessor,
    private readonly rendering: RenderingService,
  ) {}

  @EventPattern(Topics.MessageApproved)
  approved(@Ctx() context: KafkaContext) {
    return this.events.process(context, MessageApprovedEvent, (event) => this.rendering.render(event));
  }
}
