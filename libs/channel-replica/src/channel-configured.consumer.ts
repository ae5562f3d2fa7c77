import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { Topics } from '@herald/contracts';
import { EventProcessor, KafkaBatch, oneAtATime } from '@herald/kafka';
import { ChannelReplicaWriter } from './channel-replica.writer';

/**
 * Reads the compacted `channel.configured` topic into the service's replica. Configurations are rare and each
 * replaces the last, so they are stored one at a time, in order.
 */
@Controller()
export class ChannelConfiguredConsumer {
  constructor(
    private readonly events: EventProcessor,
    private readonly writer: ChannelReplicaWriter,
  ) {}

  @EventPattern(Topics.ChannelConfigured)
  configured(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.ChannelConfigured, oneAtATime((event) => this.writer.configure(event.data)));
  }
}
