import { Injectable, Logger } from '@nestjs/common';
import { envelope, FailureReason, messageDispatchedKey, messageFailedKey, messageHeldKey, MessageRoute, Topic, Topics } from '@herald/contracts';
import { EventPublisher, OutgoingEvent, untilAvailable } from '@herald/kafka';
import type { SettledSend } from './dispatch-queue.repository';

/**
 * Tells the rest of the platform what came of a send. Publishing twice is harmless (the ledger is idempotent);
 * not publishing is not: by then the send queue holds the outcome and no statement will return it again (a status
 * batch worked a second time finds its sends settled), so a publish is retried however long Kafka is away.
 */
@Injectable()
export class DispatchOutcomesService {
  private readonly logger = new Logger(DispatchOutcomesService.name);

  constructor(private readonly publisher: EventPublisher) {}

  async publish(send: SettledSend): Promise<void> {
    if (send.state === 'sent' && send.providerMessageId) {
      await this.dispatched(send.message, send.providerMessageId, send.requestId);
    } else if (send.state === 'failed' && send.failure) {
      await this.failed(send.message, send.failure, send.requestId);
    }
  }

  dispatched(message: MessageRoute, providerMessageId: string, requestId: string | null): Promise<void> {
    return this.announce(message.messageUuid, {
      topic: Topics.MessageDispatched,
      key: messageDispatchedKey(message),
      event: envelope(
        Topics.MessageDispatched,
        { ...route(message), providerMessageId, dispatchedAt: new Date().toISOString() },
        { requestId: requestId ?? undefined },
      ),
    });
  }

  failed(message: MessageRoute, reason: FailureReason, requestId: string | null): Promise<void> {
    return this.announce(message.messageUuid, {
      topic: Topics.MessageFailed,
      key: messageFailedKey(message),
      event: envelope(
        Topics.MessageFailed,
        { ...route(message), reason, failedAt: new Date().toISOString() },
        { requestId: requestId ?? undefined },
      ),
    });
  }

  /** The send is held (see DispatchQueueService.sweep): the ledger shows it, with the reason. */
  held(message: MessageRoute, reason: FailureReason, requestId: string | null): Promise<void> {
    return this.announce(message.messageUuid, {
      topic: Topics.MessageHeld,
      key: messageHeldKey(message),
      event: envelope(Topics.MessageHeld, { ...route(message), reason, heldAt: new Date().toISOString() }, { requestId: requestId ?? undefined }),
    });
  }

  private announce<T extends Topic>(messageUuid: string, event: OutgoingEvent<T>): Promise<void> {
    return untilAvailable(
      () => this.publisher.publish(event),
      (error, delay) => this.logger.warn(`message ${messageUuid}: outcome not published yet (${(error as Error).message}); retrying in ${delay} ms`),
    );
  }
}

const route = ({ messageUuid, teamUuid, channelUuid, to }: MessageRoute): MessageRoute => ({ messageUuid, teamUuid, channelUuid, to });
