import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import {
  MessageDispatchedEvent,
  MessageFailedEvent,
  MessageReadyEvent,
  MessageRejectedEvent,
  MessageRequestedEvent,
  MessageStatusEvent,
  Topics,
} from '@herald/contracts';
import { EventProcessor } from '@herald/kafka';
import { MessageLedgerService } from './message-ledger.service';

/** The ledger's Kafka side: it follows every message event and records what happened. */
@Controller()
export class MessageLedgerController {
  constructor(
    private readonly events: EventProcessor,
    private readonly ledger: MessageLedgerService,
  ) {}

  @EventPattern(Topics.MessageRequested)
  requested(@Ctx() context: KafkaContext) {
    return this.events.process(context, MessageRequestedEvent, (event) => this.ledger.recordRequested(event.data));
  }

  @EventPattern(Topics.MessageReady)
  ready(@Ctx() context: KafkaContext) {
    return this.events.process(context, MessageReadyEvent, (event) => this.ledger.recordReady(event.data));
  }

  @EventPattern(Topics.MessageDispatched)
  dispatched(@Ctx() context: KafkaContext) {
    return this.events.process(context, MessageDispatchedEvent, (event) => this.ledger.recordDispatched(event.data));
  }

  @EventPattern(Topics.MessageFailed)
  failed(@Ctx() context: KafkaContext) {
    return this.events.process(context, MessageFailedEvent, (event) => this.ledger.recordFailed(event.data));
  }

  @EventPattern(Topics.MessageRejected)
  rejected(@Ctx() context: KafkaContext) {
    return this.events.process(context, MessageRejectedEvent, (event) => this.ledger.recordRejected(event.data));
  }

  @EventPattern(Topics.MessageStatus)
  status(@Ctx() context: KafkaContext) {
    return this.events.process(context, MessageStatusEvent, (event) => this.ledger.recordProviderStatus(event.data));
  }
}
