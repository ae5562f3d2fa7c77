import type { GraphMediaObject, GraphSendMessageRequest, GraphTemplateParameter, SendMediaKind } from '@herald/whatsapp';

/** One media object of a Graph API send body, and the kind of media WhatsApp expects there. */
export interface MediaReference {
  kind: SendMediaKind;
  media: GraphMediaObject;
}

const TEMPLATE_MEDIA = ['image', 'document', 'video'] as const;

/**
 * Every media object of a send body, by reference (a caller may swap a link for an id in place): the message's own
 * (`image`, `document`, `audio`, `video`, `sticker`) or its template's media parameters, however deep the template's
 * components nest them (carousel cards carry components of their own).
 */
export function mediaReferencesOf(request: GraphSendMessageRequest): MediaReference[] {
  if (request.type === 'template') {
    const found: MediaReference[] = [];
    collectTemplateMedia(request.template.components, found);
    return found;
  }
  const own: unknown = Reflect.get(request, request.type);
  if (isMediaKind(request.type) && isMediaObject(own)) return [{ kind: request.type, media: own }];
  return [];
}

function collectTemplateMedia(components: unknown, found: MediaReference[]): void {
  if (!Array.isArray(components)) return;
  for (const component of components as Array<{ parameters?: GraphTemplateParameter[]; cards?: Array<{ components?: unknown }> }>) {
    for (const parameter of component?.parameters ?? []) {
      for (const kind of TEMPLATE_MEDIA) {
        const media = parameter[kind];
        if (parameter.type === kind && isMediaObject(media)) found.push({ kind, media });
      }
    }
    for (const card of component?.cards ?? []) collectTemplateMedia(card?.components, found);
  }
}

const MEDIA_KINDS: readonly string[] = ['image', 'document', 'audio', 'video', 'sticker'] satisfies SendMediaKind[];
const isMediaKind = (type: string): type is SendMediaKind => MEDIA_KINDS.includes(type);
const isMediaObject = (value: unknown): value is GraphMediaObject => typeof value === 'object' && value !== null;
