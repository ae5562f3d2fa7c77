/**
 * The WhatsApp Cloud API (Graph API) shapes Herald sends and receives, as Meta documents them. The dispatcher
 * writes them, the sandbox checks and answers them, the ingress reads the webhooks.
 */

export interface GraphTextObject {
  body: string;
  preview_url?: boolean;
}

interface GraphSendMessageBase {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  /** The recipient's phone number: the digits of its E.164 form, without the plus. */
  to: string;
  /** Echoed back on every status webhook of this message: Herald puts its message uuid here. */
  biz_opaque_callback_data?: string;
  /** A reply: the WhatsApp id of the message it quotes. */
  context?: { message_id: string };
}

/** One request body per message kind: `type` names the object that carries the message. */
export type GraphSendMessageRequest = GraphSendMessageBase &
  (
    | { type: 'text'; text: GraphTextObject }
    | { type: 'image'; image: GraphMediaObject }
    | { type: 'document'; document: GraphMediaObject }
    | { type: 'audio'; audio: GraphMediaObject }
    | { type: 'video'; video: GraphMediaObject }
    | { type: 'sticker'; sticker: GraphMediaObject }
    | { type: 'interactive'; interactive: GraphInteractiveObject }
    | { type: 'location'; location: GraphLocationObject }
    | { type: 'contacts'; contacts: GraphContactObject[] }
    | { type: 'reaction'; reaction: GraphReactionObject }
    | { type: 'template'; template: GraphTemplateObject }
  );

/** An interactive message's header: a text, or a media. */
export interface GraphInteractiveHeader {
  type: 'text' | 'image' | 'video' | 'document';
  text?: string;
  image?: GraphMediaObject;
  video?: GraphMediaObject;
  document?: GraphMediaObject;
}

/** `action` of reply buttons (`buttons`), a list (`button`, `sections`), or a call-to-action URL (`name`, `parameters`). */
export interface GraphInteractiveAction {
  buttons?: { type: 'reply'; reply: { id: string; title: string } }[];
  button?: string;
  sections?: { title?: string; rows: { id: string; title: string; description?: string }[] }[];
  name?: 'cta_url';
  parameters?: { display_text: string; url: string };
}

export interface GraphInteractiveObject {
  type: 'button' | 'list' | 'cta_url';
  header?: GraphInteractiveHeader;
  body: { text: string };
  footer?: { text: string };
  action: GraphInteractiveAction;
}

export interface GraphLocationObject {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
}

/** A contact card, as WhatsApp sends and receives it. */
export interface GraphContactObject {
  name: { formatted_name: string; first_name?: string; last_name?: string; middle_name?: string; prefix?: string; suffix?: string };
  phones?: { phone: string; type?: string; wa_id?: string }[];
  emails?: { email: string; type?: string }[];
  urls?: { url: string; type?: string }[];
  addresses?: { street?: string; city?: string; state?: string; zip?: string; country?: string; country_code?: string; type?: string }[];
  org?: { company?: string; department?: string; title?: string };
  birthday?: string;
}

/** A reaction to a message by its WhatsApp id; an empty emoji takes the reaction back. */
export interface GraphReactionObject {
  message_id: string;
  emoji: string;
}

export interface GraphSendMessageResponse {
  messaging_product: 'whatsapp';
  contacts: Array<{ input: string; wa_id: string }>;
  messages: Array<{ id: string; message_status?: 'accepted' | 'held_for_quality_assessment' }>;
}

export interface GraphError {
  message: string;
  type: string;
  code: number;
  error_subcode?: number;
  error_data?: { messaging_product: 'whatsapp'; details: string };
  fbtrace_id?: string;
}

export interface GraphErrorResponse {
  error: GraphError;
}

export type WebhookStatusValue = 'sent' | 'delivered' | 'read' | 'failed';

export interface WebhookStatus {
  id: string;
  status: WebhookStatusValue;
  /** Unix seconds, as a string. */
  timestamp: string;
  recipient_id: string;
  biz_opaque_callback_data?: string;
  conversation?: { id: string; expiration_timestamp?: string; origin: { type: string } };
  pricing?: { billable: boolean; pricing_model: string; category: string };
  errors?: Array<{ code: number; title: string; message?: string; error_data?: { details: string } }>;
}

export interface WebhookInboundMessage {
  from: string;
  id: string;
  timestamp: string;
  type: string;
  text?: { body: string };
  [kind: string]: unknown;
}

export interface WebhookChangeValue {
  messaging_product: 'whatsapp';
  metadata: { display_phone_number: string; phone_number_id: string };
  contacts?: Array<{ profile: { name: string }; wa_id: string }>;
  messages?: WebhookInboundMessage[];
  statuses?: WebhookStatus[];
}

export interface WebhookPayload {
  object: 'whatsapp_business_account';
  entry: Array<{ id: string; changes: Array<{ field: string; value: WebhookChangeValue }> }>;
}

/** A media object of a send (`image`, `document`, `audio`, `video`): an uploaded media `id` or a public `link`. */
export interface GraphMediaObject {
  id?: string;
  link?: string;
  /** image, document and video only; up to 1024 characters. */
  caption?: string;
  /** document only: the file name the recipient sees. */
  filename?: string;
}

/**
 * `GET /{version}/{media-id}`: where to download a media, for 5 minutes, with the same bearer token (Meta's
 * retrieveMediaUrl). `file_size` is a string of digits in Meta's examples; a number is tolerated.
 */
export interface GraphMediaUrlResponse {
  messaging_product: 'whatsapp';
  url: string;
  mime_type: string;
  sha256: string;
  file_size: string | number;
  id: string;
}

export type GraphTemplateParameterType =
  | 'text'
  | 'currency'
  | 'date_time'
  | 'image'
  | 'document'
  | 'video'
  | 'payload'
  | 'coupon_code'
  | 'action';

/** One value filled into a template when sending it. */
export interface GraphTemplateParameter {
  type: GraphTemplateParameterType;
  /** The placeholder a value fills in a template whose parameter_format is NAMED (`{{first_name}}`). */
  parameter_name?: string;
  text?: string;
  image?: GraphMediaObject;
  document?: GraphMediaObject;
  video?: GraphMediaObject;
  payload?: string;
  currency?: { fallback_value: string; code: string; amount_1000: number };
  date_time?: { fallback_value: string };
  coupon_code?: string;
}

/** The parameters of one part of a template when sending it: `header`, `body`, or one `button` by index. */
export interface GraphTemplateMessageComponent {
  type: 'header' | 'body' | 'button' | 'carousel';
  sub_type?: string;
  index?: string | number;
  parameters?: GraphTemplateParameter[];
  /** `carousel` only: each card's header, body and button values, by its position in the template. */
  cards?: Array<{ card_index: number; components: GraphTemplateMessageComponent[] }>;
}

/** The `template` object of a send. */
export interface GraphTemplateObject {
  name: string;
  language: { code: string; policy?: 'deterministic' };
  components?: GraphTemplateMessageComponent[];
}

export type GraphTemplateStatus = 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED' | 'IN_APPEAL';
export type GraphTemplateCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';

export interface GraphTemplateButton {
  type: 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER' | 'COPY_CODE' | 'OTP';
  text: string;
  /** A URL button's address; `{{1}}` at its end is the suffix each send gives. */
  url?: string;
  phone_number?: string;
  example?: string[];
  /** OTP buttons (as Meta creates them): COPY_CODE, ONE_TAP or ZERO_TAP. */
  otp_type?: string;
}

/** A named placeholder's example, as Meta lists it for a template whose parameter_format is NAMED. */
export interface GraphNamedParameterExample {
  param_name: string;
  example: string;
}

/** One part of a template as Meta stores it (what `message_templates` lists). */
export interface GraphTemplateComponent {
  type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS' | 'CAROUSEL';
  format?: 'TEXT' | 'IMAGE' | 'DOCUMENT' | 'VIDEO' | 'LOCATION';
  text?: string;
  example?: {
    header_text?: string[];
    header_handle?: string[];
    body_text?: string[][];
    header_text_named_params?: GraphNamedParameterExample[];
    body_text_named_params?: GraphNamedParameterExample[];
  };
  buttons?: GraphTemplateButton[];
  /** CAROUSEL only: each card's HEADER (image or video), BODY and BUTTONS. */
  cards?: Array<{ components: GraphTemplateComponent[] }>;
  /** Authentication templates' BODY: Meta adds "For your security, do not share this code." */
  add_security_recommendation?: boolean;
  /** Authentication templates' FOOTER: "This code expires in N minutes." */
  code_expiration_minutes?: number;
}

/** A message template of a WhatsApp Business Account, as `GET /{waba-id}/message_templates` lists it. */
export interface GraphMessageTemplate {
  id: string;
  name: string;
  language: string;
  status: GraphTemplateStatus;
  category: GraphTemplateCategory;
  components: GraphTemplateComponent[];
  parameter_format?: 'POSITIONAL' | 'NAMED';
  rejected_reason?: string;
}

/** A cursor-paginated Graph API list: `paging.next` is the absolute URL of the next page, absent on the last one. */
export interface GraphPagedResponse<T> {
  data: T[];
  paging?: { cursors: { before: string; after: string }; next?: string; previous?: string };
}

/** `POST /{version}/{phone-number-id}/media`'s answer: the id a send may use instead of a link. */
export interface GraphMediaUploadResponse {
  id: string;
}

/** Marks a received message read, optionally showing the customer a typing indicator (MarkMessageRequestPayload). */
export interface GraphMarkReadRequest {
  messaging_product: 'whatsapp';
  status: 'read';
  message_id: string;
  typing_indicator?: { type: 'text' };
}

export interface GraphSuccessResponse {
  success: boolean;
}
