import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import {
  MessageDispatchedEvent,
  MessageFailedEvent,
  MessageReadyEvent,
  MessageRejectedEvent,
  MessageRequestedEvent,
  MessageStatusEvent,
  Topics,
} from '@herald/contracts';
import { EventProcessor, KafkaBatch } from '@herald/kafka';
import { MessageLedgerService } from './message-ledger.service';

/** The ledger's Kafka side: it follows every message event and records what happened, a batch at a time. */
@Controller()
export class MessageLedgerController {
  constructor(
    private readonly events: EventProcessor,
    private readonly ledger: MessageLedgerService,
  ) {}

  @EventPattern(Topics.MessageRequested)
  requested(@Ctx() batch: KafkaBatch) {
    // The requests whose rows this replica's accepts wrote are passed over before their contract check.
    return this.events.process(batch, MessageRequestedEvent, (events) => this.ledger.recordRequested(events.map((event) => event.data)), {
      ignore: (event) => !this.ledger.needsRecording(event.data?.messageUuid),
    });
  }

  @EventPattern(Topics.MessageReady)
  ready(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, MessageReadyEvent, (events) => this.ledger.recordReady(events.map((event) => event.data)));
  }

  @EventPattern(Topics.MessageDispatched)
  dispatched(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, MessageDispatchedEvent, (events) => this.ledger.recordDispatched(events.map((event) => event.data)));
  }

  @EventPattern(Topics.MessageFailed)
  failed(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, MessageFailedEvent, (events) => this.ledger.recordFailed(events.map((event) => event.data)));
  }

  @EventPattern(Topics.MessageRejected)
  rejected(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, MessageRejectedEvent, (events) => this.ledger.recordRejected(events.map((event) => event.data)));
  }

  @EventPattern(Topics.MessageStatus)
  status(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, MessageStatusEvent, (events) => this.ledger.recordProviderStatus(events.map((event) => event.data)));
  }
}
