import type { MediaObjectDto } from './media-object.dto';
import type { SendMessageRequestDto, TemplateMessageComponentDto } from './send-message.dto';

/** A media object sent by uploaded `id`, and where in the body it is (named as the sandbox's errors name fields). */
export interface MediaIdReference {
  field: string;
  id: string;
}

const mediaKinds = ['image', 'document', 'audio', 'video', 'sticker'] as const;
const headerMediaKinds = ['image', 'document', 'video'] as const;

/**
 * Every media `id` of a checked send: the media message's own, an interactive message's media header, and a
 * template's media parameters (in its header or its carousel cards' headers).
 */
export function mediaIdsOf(request: SendMessageRequestDto): MediaIdReference[] {
  const references: MediaIdReference[] = [];
  const add = (field: string, media: MediaObjectDto | undefined) => {
    if (media?.id !== undefined) references.push({ field: `${field}.id`, id: media.id });
  };
  for (const kind of mediaKinds) if (request.type === kind) add(kind, request[kind]);
  const header = request.interactive?.header;
  for (const kind of headerMediaKinds) add(`interactive.header.${kind}`, header?.[kind]);
  const fromComponents = (components: readonly TemplateMessageComponentDto[] | undefined, path: string) =>
    components?.forEach((component, index) => {
      component.parameters?.forEach((parameter, position) => {
        for (const kind of headerMediaKinds) {
          add(`${path}.${index}.parameters.${position}.${kind}`, parameter[kind]);
        }
      });
      component.cards?.forEach((card, cardIndex) =>
        fromComponents(card.components, `${path}.${index}.cards.${cardIndex}.components`),
      );
    });
  if (request.type === 'template') fromComponents(request.template?.components, 'template.components');
  return references;
}
