import { Injectable } from '@nestjs/common';
import {
  conversationKey,
  envelope,
  MessageApprovedEvent,
  MessageFailedData,
  MessageReadyData,
  OutboundMessage,
  SendMessageDto,
  Topics,
} from '@herald/contracts';
import { EventPublisher } from '@herald/kafka';

/**
 * Turns an approved message into what the dispatcher sends. Text and media pass through; template messages fail
 * with a clear reason until templates are rendered here.
 */
@Injectable()
export class RenderingService {
  constructor(private readonly publisher: EventPublisher) {}

  async render(event: MessageApprovedEvent): Promise<void> {
    const { messageUuid, teamUuid, channelUuid, to, request } = event.data;
    const route = { messageUuid, teamUuid, channelUuid, to };
    const key = conversationKey(channelUuid, to);
    if (request.template_uuid) {
      const failed: MessageFailedData = {
        ...route,
        reason: { code: 'template_not_supported', message: 'Template messages cannot be rendered yet' },
        failedAt: new Date().toISOString(),
      };
      await this.publisher.publish({ topic: Topics.MessageFailed, key, event: envelope(Topics.MessageFailed, failed, { requestId: event.requestId }) });
      return;
    }
    const ready: MessageReadyData = { ...route, outbound: outboundOf(request), renderedText: request.content.text ?? '' };
    await this.publisher.publish({ topic: Topics.MessageReady, key, event: envelope(Topics.MessageReady, ready, { requestId: event.requestId }) });
  }
}

export function outboundOf(request: SendMessageDto): OutboundMessage {
  const { content } = request;
  if (request.type === 'text') return { kind: 'text', text: { body: content.text, previewUrl: false } };
  return {
    kind: request.type,
    media: {
      link: content.url ?? '',
      ...(content.text !== undefined && request.type !== 'audio' ? { caption: content.text } : {}),
      ...(content.filename !== undefined && request.type === 'document' ? { filename: content.filename } : {}),
    },
  };
}
