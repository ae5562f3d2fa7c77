import { Injectable, Logger } from '@nestjs/common';
import { MessageReadyEvent, MessageStatusData } from '@herald/contracts';
import { DispatchQueueService } from './dispatch-queue.service';
import { DispatchOutcomesService } from './dispatch-outcomes.service';
import { SendWorkerService } from './send-worker.service';

/** What the dispatcher does with the events it consumes. */
@Injectable()
export class DispatchService {
  private readonly logger = new Logger(DispatchService.name);

  constructor(
    private readonly queue: DispatchQueueService,
    private readonly outcomes: DispatchOutcomesService,
    private readonly worker: SendWorkerService,
  ) {}

  /**
   * Queues a ready message, once: a second delivery of the same event (Kafka redelivers after a crash or a
   * rebalance) finds it and only repeats its known outcome, never the send.
   */
  async accept(event: MessageReadyEvent): Promise<void> {
    if (await this.queue.enqueue(event.data, event.requestId)) {
      this.worker.wake();
      return;
    }
    const previous = await this.queue.find(event.data.messageUuid);
    if (previous && (previous.state === 'sent' || previous.state === 'failed')) {
      await this.outcomes.publish(previous);
    } else {
      this.logger.debug(`message ${event.data.messageUuid} is already queued; the duplicate event changes nothing`);
    }
  }

  /** A status webhook named one of Herald's messages: proof WhatsApp took it, whatever became of the call. */
  async reconcile(status: MessageStatusData): Promise<void> {
    if (!status.messageUuid) return;
    const settled = await this.queue.reconcile(status.messageUuid, status.providerMessageId);
    if (settled) {
      this.logger.log(`message ${status.messageUuid}: settled as sent (${status.providerMessageId}) from a ${status.status} webhook`);
      await this.outcomes.publish(settled);
    }
  }
}
