import { MessageReadyData, OutboundInteractive, OutboundMedia } from '@herald/contracts';
import { GraphInteractiveObject, GraphMediaObject, GraphSendMessageRequest, GraphTemplateMessageComponent } from '@herald/whatsapp';

/**
 * The Graph API body for a ready message. Herald's message uuid rides along as `biz_opaque_callback_data`, so
 * every status webhook names the message even when it arrives before the send response was recorded.
 */
export function buildGraphRequest(message: MessageReadyData): GraphSendMessageRequest {
  const { outbound } = message;
  const base = {
    messaging_product: 'whatsapp' as const,
    recipient_type: 'individual' as const,
    to: message.to.replace(/^\+/, ''),
    biz_opaque_callback_data: message.messageUuid,
    ...(outbound.context ? { context: { message_id: outbound.context.messageId } } : {}),
  };
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
  switch (outbound.kind) {
    case 'interactive':
      return { ...base, type: 'interactive', interactive: graphInteractive(outbound.interactive) };
    case 'location':
      return { ...base, type: 'location', location: { ...(outbound.location ?? { latitude: 0, longitude: 0 }) } };
    case 'contacts':
      return { ...base, type: 'contacts', contacts: outbound.contacts ?? [] };
    case 'reaction':
      return { ...base, type: 'reaction', reaction: { message_id: outbound.reaction?.messageId ?? '', emoji: outbound.reaction?.emoji ?? '' } };
  }
  const media = graphMedia(outbound.media);
  switch (outbound.kind) {
    case 'image':
      return { ...base, type: 'image', image: media };
    case 'document':
      return { ...base, type: 'document', document: media };
    case 'audio':
      return { ...base, type: 'audio', audio: mediaReference(media) };
    case 'sticker':
      return { ...base, type: 'sticker', sticker: mediaReference(media) };
    case 'video':
      return { ...base, type: 'video', video: media };
  }
}

/** A media by uploaded `id` or by `link`, and its caption and file name where it has them. */
function graphMedia(media: OutboundMedia | undefined): GraphMediaObject {
  const graph: GraphMediaObject = media?.id !== undefined ? { id: media.id } : { link: media?.link };
  if (media?.caption !== undefined) graph.caption = media.caption;
  if (media?.filename !== undefined) graph.filename = media.filename;
  return graph;
}

/** Audio and stickers have neither caption nor file name: the media only. */
const mediaReference = ({ id, link }: GraphMediaObject): GraphMediaObject => (id !== undefined ? { id } : { link });

/** The interactive object as WhatsApp takes it: only the fields the message has, none undefined. */
function graphInteractive(interactive: OutboundInteractive | undefined): GraphInteractiveObject {
  if (!interactive) throw new Error('an interactive message without its interactive object');
  const { type, header, body, footer, action } = interactive;
  const graph: GraphInteractiveObject = { type, body: { text: body.text }, action: {} };
  if (header) {
    graph.header =
      header.type === 'text'
        ? { type: 'text', text: header.text ?? '' }
        : { type: header.type, [header.type]: graphMedia(header[header.type]) };
  }
  if (footer) graph.footer = { text: footer.text };
  if (type === 'button') {
    graph.action = { buttons: (action.buttons ?? []).map(({ reply }) => ({ type: 'reply', reply: { id: reply.id, title: reply.title } })) };
  } else if (type === 'list') {
    graph.action = {
      button: action.button ?? '',
      sections: (action.sections ?? []).map((section) => ({
        ...(section.title !== undefined ? { title: section.title } : {}),
        rows: section.rows.map((row) => ({ id: row.id, title: row.title, ...(row.description !== undefined ? { description: row.description } : {}) })),
      })),
    };
  } else {
    graph.action = { name: 'cta_url', parameters: { display_text: action.parameters?.display_text ?? '', url: action.parameters?.url ?? '' } };
  }
  return graph;
}
