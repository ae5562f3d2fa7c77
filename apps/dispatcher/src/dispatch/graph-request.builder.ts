import { MessageReadyData } from '@herald/contracts';
import { GraphMediaObject, GraphSendMessageRequest, GraphTemplateMessageComponent } from '@herald/whatsapp';

/**
 * The Graph API body for a ready message. Herald's message uuid rides along as `biz_opaque_callback_data`, so
 * every status webhook names the message even when it arrives before the send response was recorded.
 */
export function buildGraphRequest(message: MessageReadyData): GraphSendMessageRequest {
  const base = {
    messaging_product: 'whatsapp' as const,
    recipient_type: 'individual' as const,
    to: message.to.replace(/^\+/, ''),
    biz_opaque_callback_data: message.messageUuid,
  };
  const { outbound } = message;
  if (outbound.kind === 'template') {
    const template = outbound.template;
    const components: GraphTemplateMessageComponent[] = template?.components ?? [];
    return {
      ...base,
      type: 'template',
      // A template without parameters goes without components, as in Meta's own hello_world example.
      template: { name: template?.name ?? '', language: { code: template?.language ?? '' }, ...(components.length ? { components } : {}) },
    };
  }
  if (outbound.kind === 'text') {
    return { ...base, type: 'text', text: { body: outbound.text?.body ?? '', preview_url: outbound.text?.previewUrl ?? false } };
  }
  const media: GraphMediaObject = { link: outbound.media?.link };
  if (outbound.media?.caption !== undefined) media.caption = outbound.media.caption;
  if (outbound.media?.filename !== undefined) media.filename = outbound.media.filename;
  switch (outbound.kind) {
    case 'image':
      return { ...base, type: 'image', image: media };
    case 'document':
      return { ...base, type: 'document', document: media };
    case 'audio':
      return { ...base, type: 'audio', audio: { link: media.link } };
    case 'video':
      return { ...base, type: 'video', video: media };
  }
}
