import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { Topics } from '@herald/contracts';
import { EventProcessor, KafkaBatch } from '@herald/kafka';
import { ConversationsService } from './conversations.service';

/** The customers' messages, a batch at a time (the team's are the ledger's own, LedgerController). */
@Controller()
export class ConversationsController {
  constructor(
    private readonly events: EventProcessor,
    private readonly conversations: ConversationsService,
  ) {}

  @EventPattern(Topics.WhatsAppInbound)
  inbound(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.WhatsAppInbound, (events) => this.conversations.recordInbound(events.map((event) => event.data)));
  }
}
