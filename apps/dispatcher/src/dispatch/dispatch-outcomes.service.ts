import { Injectable } from '@nestjs/common';
import { conversationKey, envelope, FailureReason, MessageRoute, Topics } from '@herald/contracts';
import { EventPublisher } from '@herald/kafka';
import type { SettledSend } from './dispatch-queue.service';

/** Tells the rest of the platform what came of a send. Publishing twice is harmless: the ledger is idempotent. */
@Injectable()
export class DispatchOutcomesService {
  constructor(private readonly publisher: EventPublisher) {}

  async publish(send: SettledSend): Promise<void> {
    if (send.state === 'sent' && send.providerMessageId) {
      await this.dispatched(send.message, send.providerMessageId, send.requestId);
    } else if (send.state === 'failed' && send.failure) {
      await this.failed(send.message, send.failure, send.requestId);
    }
  }

  dispatched(message: MessageRoute, providerMessageId: string, requestId: string | null): Promise<void> {
    return this.publisher.publish({
      topic: Topics.MessageDispatched,
      key: conversationKey(message.channelUuid, message.to),
      event: envelope(
        Topics.MessageDispatched,
        { ...route(message), providerMessageId, dispatchedAt: new Date().toISOString() },
        { requestId: requestId ?? undefined },
      ),
    });
  }

  failed(message: MessageRoute, reason: FailureReason, requestId: string | null): Promise<void> {
    return this.publisher.publish({
      topic: Topics.MessageFailed,
      key: conversationKey(message.channelUuid, message.to),
      event: envelope(
        Topics.MessageFailed,
        { ...route(message), reason, failedAt: new Date().toISOString() },
        { requestId: requestId ?? undefined },
      ),
    });
  }
}

const route = ({ messageUuid, teamUuid, channelUuid, to }: MessageRoute): MessageRoute => ({ messageUuid, teamUuid, channelUuid, to });
