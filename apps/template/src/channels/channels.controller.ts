import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { ChannelConfiguredEvent, Topics } from '@herald/contracts';
import { EventProcessor } from '@herald/kafka';
import { ChannelsService } from './channels.service';

@Controller()
export class ChannelsController {
  constructor(
    private readonly events: EventProcessor,
    private readonly channels: ChannelsService,
  ) {}

  @EventPattern(Topics.ChannelConfigured)
  configured(@Ctx() context: KafkaContext) {
    return this.events.process(context, ChannelConfiguredEvent, (event) => this.channels.configure(event.data));
  }
}
