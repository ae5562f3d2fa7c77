import type { OutboundMessage, OutboundTemplateComponent, RejectionCode, SendMessageDto } from '@herald/contracts';
import type { GraphTemplateComponent } from '@herald/whatsapp';

export interface RenderableTemplate {
  name: string;
  language: string;
  status: string;
  components: GraphTemplateComponent[];
}

export type Rendering =
  | { ok: true; outbound: OutboundMessage; renderedText: string }
  | { ok: false; code: RejectionCode; message: string };

const placeholder = /\{\{(\d+)\}\}/g;
const headerKinds: Record<string, 'image' | 'document' | 'video'> = { IMAGE: 'image', DOCUMENT: 'document', VIDEO: 'video' };

/** How many values a text with `{{1}}`..`{{n}}` takes: its highest placeholder number. */
export function placeholderCount(text: string | undefined): number {
  return Math.max(0, ...[...(text ?? '').matchAll(placeholder)].map((match) => Number(match[1])));
}

/** Fills `{{n}}` in one pass, so a value that itself contains `{{2}}` stays as written. Values keep their text exactly. */
export function fillPlaceholders(text: string, values: string[]): string {
  return text.replace(placeholder, (whole, index: string) => values[Number(index) - 1] ?? whole);
}

/** WhatsApp's own limits on a template parameter's text. */
export function parameterProblem(value: string): string | null {
  if (/[\n\t]/.test(value)) return 'contains a newline or a tab';
  if (/ {5,}/.test(value)) return 'has more than four consecutive spaces';
  return null;
}

/**
 * A template message, checked and rendered: the placeholders filled in the order given (`template_values`, or the
 * single `content.text`), the header's media matched to the template, and the Graph API components built from the
 * same values. Every refusal has a reason code, before anything is sent.
 */
export function renderTemplate(template: RenderableTemplate, request: SendMessageDto): Rendering {
  if (template.status !== 'APPROVED') {
    return { ok: false, code: 'template_not_approved', message: `Template ${template.name} (${template.language}) is ${template.status}, not approved` };
  }
  const body = template.components.find((component) => component.type === 'BODY');
  const header = template.components.find((component) => component.type === 'HEADER');
  const expected = placeholderCount(body?.text);
  const values = request.template_values ?? (request.content?.text !== undefined && expected > 0 ? [request.content.text] : []);
  if (values.length !== expected) {
    return {
      ok: false,
      code: 'template_parameter_count_mismatch',
      message: `Template ${template.name} takes ${expected} value${expected === 1 ? '' : 's'}, the request gave ${values.length}`,
    };
  }
  for (const [index, value] of values.entries()) {
    const problem = parameterProblem(value);
    if (problem) return { ok: false, code: 'template_parameter_invalid', message: `Value {{${index + 1}}} ${problem}` };
  }
  const components: OutboundTemplateComponent[] = [];
  const mediaKind = header?.format ? headerKinds[header.format] : undefined;
  if (mediaKind) {
    if (!request.content?.url) {
      return { ok: false, code: 'template_media_missing', message: `Template ${template.name} has a ${mediaKind} header: content.url is required` };
    }
    if (request.type !== mediaKind) {
      return { ok: false, code: 'template_media_mismatch', message: `Template ${template.name} has a ${mediaKind} header, the request is of type ${request.type}` };
    }
    const media = { link: request.content.url, ...(mediaKind === 'document' && request.content.filename ? { filename: request.content.filename } : {}) };
    components.push({ type: 'header', parameters: [{ type: mediaKind, [mediaKind]: media }] });
  } else if (request.type !== 'text') {
    return { ok: false, code: 'template_media_mismatch', message: `Template ${template.name} has no media header, the request is of type ${request.type}` };
  }
  if (values.length > 0) components.push({ type: 'body', parameters: values.map((text) => ({ type: 'text', text })) });
  return {
    ok: true,
    outbound: {
      kind: 'template',
      template: { name: template.name, language: template.language, components },
    },
    renderedText: fillPlaceholders(body?.text ?? '', values),
  };
}
