import { Injectable } from '@nestjs/common';
import { conversationKey, envelope, MessageRequestedEvent, Topics } from '@herald/contracts';
import { EventPublisher } from '@herald/kafka';

/** Decides whether a requested message may be sent. For now every message is approved. */
@Injectable()
export class DecisionsService {
  constructor(private readonly publisher: EventPublisher) {}

  async decide(event: MessageRequestedEvent): Promise<void> {
    const { data } = event;
    await this.publisher.publish({
      topic: Topics.MessageApproved,
      key: conversationKey(data.channelUuid, data.to),
      event: envelope(Topics.MessageApproved, { ...data, approvedAt: new Date().toISOString() }, { requestId: event.requestId }),
    });
  }
}
