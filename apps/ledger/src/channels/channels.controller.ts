import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { ChannelConfiguredEvent, Topics } from '@herald/contracts';
import { EventProcessor, KafkaBatch, oneAtATime } from '@herald/kafka';
import { ChannelsRepository } from './channels.repository';

@Controller()
export class ChannelsController {
  constructor(
    private readonly events: EventProcessor,
    private readonly channels: ChannelsRepository,
  ) {}

  @EventPattern(Topics.ChannelConfigured)
  configured(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, ChannelConfiguredEvent, oneAtATime((event) => this.channels.configure(event.data)));
  }
}
