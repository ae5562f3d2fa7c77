import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { ContactConsentEvent, InboundMessageEvent, Topics } from '@herald/contracts';
import { EventProcessor } from '@herald/kafka';
import { ContactsService } from './contacts.service';

@Controller()
export class InboundController {
  constructor(
    private readonly events: EventProcessor,
    private readonly contacts: ContactsService,
  ) {}

  @EventPattern(Topics.ContactConsent)
  consent(@Ctx() context: KafkaContext) {
    return this.events.process(context, ContactConsentEvent, (event) => this.contacts.recordApiConsent(event.data));
  }

  @EventPattern(Topics.WhatsAppInbound)
  inbound(@Ctx() context: KafkaContext) {
    return this.events.process(context, InboundMessageEvent, (event) => this.contacts.recordInbound(event.data));
  }
}
