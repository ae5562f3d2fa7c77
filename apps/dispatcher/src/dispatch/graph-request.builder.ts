import { MessageReadyData } from '@herald/contracts';
import { GraphSendMessageRequest } from '@herald/whatsapp';

/**
 * The Graph API body for a ready message. Herald's message uuid rides along as `biz_opaque_callback_data`, so
 * every status webhook names the message even when it arrives before the send response was recorded.
 */
export function buildGraphRequest(message: MessageReadyData): GraphSendMessageRequest {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: message.to.replace(/^\+/, ''),
    type: 'text',
    text: { body: message.outbound.text.body, preview_url: message.outbound.text.previewUrl },
    biz_opaque_callback_data: message.messageUuid,
  };
}
