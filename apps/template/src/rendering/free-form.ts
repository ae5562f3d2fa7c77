import type {
  MessageContent,
  OutboundContext,
  OutboundInteractive,
  OutboundInteractiveHeader,
  OutboundMedia,
  OutboundMessage,
  RejectionCode,
  SendMessageDto,
} from '@herald/contracts';

/** The WhatsApp ids the ingress resolved for the messages a request names (message.requested). */
export interface ResolvedReferences {
  replyToWamid?: string;
  reactionToWamid?: string;
}

export type FreeFormRendering =
  | { ok: true; outbound: OutboundMessage; renderedText: string }
  | { ok: false; code: RejectionCode; message: string };

/**
 * A free-form message (text, media, interactive, location, contacts, reaction) in the provider-neutral shape, and
 * the text the ledger keeps for it. A reply or a reaction needs the WhatsApp id of its message: the ingress resolves
 * it; a message published straight to Kafka without it is refused rather than sent without its context.
 */
export function renderFreeForm(request: SendMessageDto, references: ResolvedReferences = {}): FreeFormRendering {
  const context = contextOf(request, references);
  if (context === 'unresolved') return unresolved('reply_to', request.reply_to);
  if (request.type === 'reaction') {
    if (!references.reactionToWamid) return unresolved('content.message_uuid', request.content.message_uuid);
    const emoji = request.content.emoji ?? '';
    return { ok: true, outbound: { kind: 'reaction', reaction: { messageId: references.reactionToWamid, emoji } }, renderedText: emoji };
  }
  const outbound = outboundOf(request);
  return { ok: true, outbound: context ? { ...outbound, context } : outbound, renderedText: renderedTextOf(request) };
}

/** The quoted message of a reply, for any kind (templates included). */
export function contextOf(request: SendMessageDto, references: ResolvedReferences): OutboundContext | undefined | 'unresolved' {
  if (!request.reply_to) return undefined;
  return references.replyToWamid ? { messageId: references.replyToWamid } : 'unresolved';
}

const unresolved = (field: string, uuid: string | undefined): FreeFormRendering => ({
  ok: false,
  code: 'referenced_message_unknown',
  message: `${field} names message ${uuid ?? ''}, whose WhatsApp id was not resolved when the message was accepted`,
});

export function outboundOf(request: SendMessageDto): OutboundMessage {
  const { content } = request;
  switch (request.type) {
    case 'text':
      return { kind: 'text', text: { body: content.text, previewUrl: false } };
    case 'interactive':
      return { kind: 'interactive', interactive: interactiveOf(content) };
    case 'location': {
      const { latitude = 0, longitude = 0, name, address } = content;
      return { kind: 'location', location: { latitude, longitude, ...(name !== undefined ? { name } : {}), ...(address !== undefined ? { address } : {}) } };
    }
    case 'contacts':
      return { kind: 'contacts', contacts: content.contacts ?? [] };
    case 'reaction':
      throw new Error('a reaction is rendered with the WhatsApp id of its message (renderFreeForm)');
  }
  return {
    kind: request.type,
    media: {
      ...mediaReference(content),
      ...(content.text !== undefined && request.type !== 'audio' && request.type !== 'sticker' ? { caption: content.text } : {}),
      ...(content.filename !== undefined && request.type === 'document' ? { filename: content.filename } : {}),
    },
  };
}

/** A media by its uploaded WhatsApp id, or by its URL. */
const mediaReference = ({ id, url }: { id?: string; url?: string }): OutboundMedia => (id !== undefined ? { id } : { link: url ?? '' });

/** The interactive object as the request wrote it (the ingress checked it), its media header by link or id. */
function interactiveOf(content: MessageContent): OutboundInteractive {
  const { type = 'button', header, body = { text: '' }, footer, action = {} } = content;
  let graphHeader: OutboundInteractiveHeader | undefined;
  if (header) {
    graphHeader =
      header.type === 'text'
        ? { type: 'text', text: header.text }
        : { type: header.type, [header.type]: { ...mediaReference(header), ...(header.filename !== undefined ? { filename: header.filename } : {}) } };
  }
  return { type, ...(graphHeader ? { header: graphHeader } : {}), body, ...(footer ? { footer } : {}), action };
}

/** What a conversation view shows of a message: its text, caption, body, place or names. */
export function renderedTextOf(request: SendMessageDto): string {
  const { content } = request;
  switch (request.type) {
    case 'interactive':
      return content.body?.text ?? '';
    case 'location':
      return [content.name, content.address].filter(Boolean).join(', ') || `${content.latitude}, ${content.longitude}`;
    case 'contacts':
      return (content.contacts ?? []).map((contact) => contact.name.formatted_name).join(', ');
    case 'reaction':
      return content.emoji ?? '';
    default:
      return content.text ?? '';
  }
}
