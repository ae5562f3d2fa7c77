import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { signWebhookBody, SIGNATURE_HEADER, WebhookInboundMessage, WebhookPayload } from '@herald/whatsapp';
import { SandboxConfig } from '../config/sandbox.config';
import { SimulateInboundDto } from './inbound.dto';

export interface InboundDelivery {
  wamid: string;
  payload: WebhookPayload;
  httpStatus: number;
}

/** Sends the signed `messages` webhook Meta sends when a customer writes to a business number. */
@Injectable()
export class InboundService {
  constructor(private readonly config: SandboxConfig) {}

  buildPayload(input: SimulateInboundDto, at: Date, wamid: string): WebhookPayload {
    const waId = input.from.replace(/^\+/, '');
    return {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: this.config.SANDBOX_WABA_ID,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: {
                  display_phone_number: this.config.SANDBOX_DISPLAY_PHONE_NUMBER,
                  phone_number_id: input.phone_number_id ?? this.config.SANDBOX_PHONE_NUMBER_ID,
                },
                contacts: [{ profile: { name: input.name ?? 'Sandbox Customer' }, wa_id: waId }],
                messages: [{ from: waId, id: wamid, timestamp: String(Math.floor(at.getTime() / 1000)), ...messageBody(input) }],
              },
            },
          ],
        },
      ],
    };
  }

  async deliver(input: SimulateInboundDto): Promise<InboundDelivery> {
    const wamid = `wamid.${randomBytes(24).toString('base64url')}`;
    const payload = this.buildPayload(input, input.sent_at ? new Date(input.sent_at) : new Date(), wamid);
    const body = Buffer.from(JSON.stringify(payload));
    const response = await fetch(this.config.WEBHOOK_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signWebhookBody(this.config.WHATSAPP_APP_SECRET, body) },
      body,
      signal: AbortSignal.timeout(this.config.SANDBOX_WEBHOOK_TIMEOUT_MS),
    });
    return { wamid, payload, httpStatus: response.status };
  }
}

/** The message's type and its object, named after the type, as Meta writes them. */
function messageBody(input: SimulateInboundDto): Pick<WebhookInboundMessage, 'type'> & Record<string, unknown> {
  if (input.image) {
    const id = randomBytes(8).readBigUInt64BE().toString();
    const sha256 = createHash('sha256').update(id).digest('base64');
    return { type: 'image', image: { ...(input.image.caption !== undefined ? { caption: input.image.caption } : {}), mime_type: input.image.mime_type ?? 'image/jpeg', sha256, id } };
  }
  if (input.location) return { type: 'location', location: { ...input.location } };
  if (input.button) return { type: 'button', button: { payload: input.button.payload ?? input.button.text, text: input.button.text } };
  return { type: 'text', text: { body: input.text ?? '' } };
}
