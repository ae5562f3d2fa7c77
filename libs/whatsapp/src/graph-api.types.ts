/**
 * The WhatsApp Cloud API (Graph API) shapes Herald sends and receives, as Meta documents them. The dispatcher
 * writes them, the sandbox checks and answers them, the ingress reads the webhooks.
 */

export interface GraphTextObject {
  body: string;
  preview_url?: boolean;
}

export interface GraphSendMessageRequest {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  /** The recipient's phone number: the digits of its E.164 form, without the plus. */
  to: string;
  type: 'text';
  text: GraphTextObject;
  /** Echoed back on every status webhook of this message: Herald puts its message uuid here. */
  biz_opaque_callback_data?: string;
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
