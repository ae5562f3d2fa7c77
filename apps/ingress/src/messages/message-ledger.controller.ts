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
import { EventProcessor, KafkaBatch, oneAtATime, RetryPolicy } from '@herald/kafka';
import { MessageLedgerService } from './message-ledger.service';

/**
 * An event about a message whose ledger row is still on its way (a message published straight to Kafka: its
 * `message.requested` and the events after it travel on different topics) waits for it about a minute before
 * being set aside.
 */
const untilTheRowArrives: RetryPolicy = { attempts: 20, initialDelayMs: 200, maxDelayMs: 5_000 };

/** The ledger's Kafka side: it follows every message event and records what happened. */
@Controller()
export class MessageLedgerController {
  constructor(
    private readonly events: EventProcessor,
    private readonly ledger: MessageLedgerService,
  ) {}

  @EventPattern(Topics.MessageRequested)
  requested(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, MessageRequestedEvent, oneAtATime((event) => this.ledger.recordRequested(event.data)));
  }

  @EventPattern(Topics.MessageReady)
  ready(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, MessageReadyEvent, oneAtATime((event) => this.ledger.recordReady(event.data)), untilTheRowArrives);
  }

  @EventPattern(Topics.MessageDispatched)
  dispatched(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, MessageDispatchedEvent, oneAtATime((event) => this.ledger.recordDispatched(event.data)), untilTheRowArrives);
  }

  @EventPattern(Topics.MessageFailed)
  failed(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, MessageFailedEvent, oneAtATime((event) => this.ledger.recordFailed(event.data)), untilTheRowArrives);
  }

  @EventPattern(Topics.MessageRejected)
  rejected(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, MessageRejectedEvent, oneAtATime((event) => this.ledger.recordRejected(event.data)), untilTheRowArrives);
  }

  @EventPattern(Topics.MessageStatus)
  status(@Ctx() batch: KafkaBatch) {
    return this.events.process(batch, MessageStatusEvent, oneAtATime((event) => this.ledger.recordProviderStatus(event.data)), untilTheRowArrives);
  }
}
