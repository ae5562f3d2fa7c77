import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { Topics } from '@herald/contracts';
import { EventProcessor, KafkaBatch, oneAtATime } from '@herald/kafka';
import { ContactsService } from './contacts.service';

@Controller()
export class InboundController {
  constructor(
    private readonly events: EventProcessor,
    private readonly contacts: ContactsService,
  ) {}

  @EventPattern(Topics.ContactConsent)
  consent(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.ContactConsent, oneAtATime((event) => this.contacts.recordApiConsent(event.data)));
  }

  @EventPattern(Topics.ContactErased)
  erased(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.ContactErased, oneAtATime((event) => this.contacts.recordErasure(event.data)));
  }

  @EventPattern(Topics.WhatsAppInbound)
  inbound(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, Topics.WhatsAppInbound, oneAtATime((event) => this.contacts.recordInbound(event.data)));
  }
}
