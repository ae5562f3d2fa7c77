import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { signWebhookBody, SIGNATURE_HEADER, WebhookPayload } from '@herald/whatsapp';
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
                messages: [
                  { from: waId, id: wamid, timestamp: String(Math.floor(at.getTime() / 1000)), type: 'text', text: { body: input.text } },
                ],
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
