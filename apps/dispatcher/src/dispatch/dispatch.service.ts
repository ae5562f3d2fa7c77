import { Injectable, Logger } from '@nestjs/common';
import { FailureReason, MessageDecidedData, MessageReadyEvent, MessageStatusData } from '@herald/contracts';
import { DispatchQueueService } from './dispatch-queue.service';
import { DispatchOutcomesService } from './dispatch-outcomes.service';
import { SendWorkerService } from './send-worker.service';

/** What the dispatcher does with the events it consumes, a batch at a time. */
@Injectable()
export class DispatchService {
  private readonly logger = new Logger(DispatchService.name);

  constructor(
    private readonly queue: DispatchQueueService,
    private readonly outcomes: DispatchOutcomesService,
    private readonly worker: SendWorkerService,
  ) {}

  /**
   * Queues ready messages, each once: a second delivery of the same event (Kafka redelivers after a crash or a
   * rebalance) finds it and only repeats its known outcome, never the send.
   */
  async accept(events: MessageReadyEvent[]): Promise<void> {
    const stored = await this.queue.enqueue(events.map((event) => ({ message: event.data, requestId: event.requestId })));
    if (stored.size > 0) this.worker.wake();
    const again = [...new Set(events.map((event) => event.data.messageUuid).filter((uuid) => !stored.has(uuid)))];
    if (again.length === 0) return;
    const previous = await this.queue.findSettled(again);
    if (previous.length < again.length) {
      this.logger.debug(`${again.length - previous.length} redelivered messages are still queued; their duplicates change nothing`);
    }
    await Promise.all(previous.map((send) => this.outcomes.publish(send)));
  }

  /**
   * Whether a status naming this message (as an event carries it, unchecked) could settle a send here: three arrive
   * per message, nearly all about sends this replica saw answered, and those without Herald's uuid name none.
   */
  mayReconcile(messageUuid: unknown): boolean {
    return typeof messageUuid === 'string' && this.queue.mayNeedReconciling(messageUuid);
  }

  /** An operator decided about held sends: those resent go back to the queue, those abandoned end failed. */
  async decide(decisions: MessageDecidedData[]): Promise<void> {
    const abandoned = await this.queue.decide(decisions, abandonedByOperator);
    for (const decision of decisions) this.logger.warn(`message ${decision.messageUuid}: ${decision.decision} decided by an operator`);
    if (decisions.some((decision) => decision.decision === 'resend')) this.worker.wake();
    await Promise.all(abandoned.map((send) => this.outcomes.publish(send)));
  }

  /** Status webhooks named Herald's messages: proof WhatsApp took them, whatever became of the calls. */
  async reconcile(statuses: MessageStatusData[]): Promise<void> {
    const named = new Map<string, MessageStatusData>();
    for (const status of statuses) if (status.messageUuid && !named.has(status.messageUuid)) named.set(status.messageUuid, status);
    if (named.size === 0) return;
    const settled = await this.queue.reconcile(
      [...named].map(([messageUuid, status]) => ({ messageUuid, providerMessageId: status.providerMessageId, phoneNumberId: status.phoneNumberId })),
    );
    for (const send of settled) {
      const status = named.get(send.message.messageUuid);
      this.logger.log(`message ${send.message.messageUuid}: settled as sent (${send.providerMessageId}) from a ${status?.status} webhook`);
    }
    await Promise.all(settled.map((send) => this.outcomes.publish(send)));
  }
}

const abandonedByOperator: FailureReason = {
  code: 'abandoned_by_operator',
  message: 'WhatsApp did not tell whether it took the message, and an operator gave it up rather than send it again',
};
