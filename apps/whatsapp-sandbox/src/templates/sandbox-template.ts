import type { GraphMessageTemplate, GraphTemplateComponent } from '@herald/whatsapp';

/**
 * A message template as Meta lists it, with the parts libs/whatsapp's GraphMessageTemplate does not name yet:
 * named-parameter examples, copy-code and one-time-password buttons, and carousel cards (Meta's template docs;
 * its OpenAPI description shows only the authentication template's creation).
 */
export interface SandboxTemplateButton {
  type: 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER' | 'COPY_CODE';
  text: string;
  url?: string;
  phone_number?: string;
  example?: string[];
}

export interface NamedParameterExample {
  param_name: string;
  example: string;
}

export interface SandboxTemplateComponent extends Omit<GraphTemplateComponent, 'type' | 'buttons' | 'example'> {
  type: GraphTemplateComponent['type'] | 'CAROUSEL';
  example?: GraphTemplateComponent['example'] & {
    header_text_named_params?: NamedParameterExample[];
    body_text_named_params?: NamedParameterExample[];
  };
  buttons?: SandboxTemplateButton[];
  /** CAROUSEL only: each card's HEADER (image or video), BODY and BUTTONS. */
  cards?: Array<{ components: SandboxTemplateComponent[] }>;
  /** Authentication templates' BODY: Meta adds "For your security, do not share this code." */
  add_security_recommendation?: boolean;
  /** Authentication templates' FOOTER: "This code expires in N minutes." */
  code_expiration_minutes?: number;
}

export interface SandboxMessageTemplate extends Omit<GraphMessageTemplate, 'components'> {
  components: SandboxTemplateComponent[];
}
