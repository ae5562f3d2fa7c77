import { Injectable } from '@nestjs/common';
import { conversationKey, envelope, MessageApprovedEvent, MessageReadyData, Topics } from '@herald/contracts';
import { EventPublisher } from '@herald/kafka';

/** Turns an approved message into what the dispatcher sends. For now: text passes through unchanged. */
@Injectable()
export class RenderingService {
  constructor(private readonly publisher: EventPublisher) {}

  async render(event: MessageApprovedEvent): Promise<void> {
    const { messageUuid, teamUuid, channelUuid, to, request } = event.data;
    const ready: MessageReadyData = {
      messageUuid,
      teamUuid,
      channelUuid,
      to,
      outbound: { kind: 'text', text: { body: request.content.text, previewUrl: false } },
      renderedText: request.content.text,
    };
    await this.publisher.publish({
      topic: Topics.MessageReady,
      key: conversationKey(channelUuid, to),
      event: envelope(Topics.MessageReady, ready, { requestId: event.requestId }),
    });
  }
}
