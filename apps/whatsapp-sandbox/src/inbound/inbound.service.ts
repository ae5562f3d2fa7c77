import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { signWebhookBody, SIGNATURE_HEADER, WebhookInboundMessage, WebhookPayload } from '@herald/whatsapp';
import { SandboxConfig } from '../config/sandbox.config';
import { MediaStore } from '../media/media.store';
import { samplePdf, samplePng } from '../media/sample-media';
import { ReceivedMessageRegistry } from '../read-receipts/received-message.registry';
import { SimulateInboundDto } from './inbound.dto';

export interface InboundDelivery {
  wamid: string;
  payload: WebhookPayload;
  httpStatus: number;
}

/** Sends the signed `messages` webhook Meta sends when a customer writes to a business number. */
@Injectable()
export class InboundService {
  constructor(
    private readonly config: SandboxConfig,
    private readonly media: MediaStore,
    private readonly received: ReceivedMessageRegistry,
  ) {}

  buildPayload(input: SimulateInboundDto, at: Date, wamid: string): WebhookPayload {
    const waId = input.from.replace(/^\+/, '');
    const phoneNumberId = input.phone_number_id ?? this.config.SANDBOX_PHONE_NUMBER_ID;
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
                  phone_number_id: phoneNumberId,
                },
                contacts: [{ profile: { name: input.profile_name ?? input.name ?? 'Sandbox Customer' }, wa_id: waId }],
                messages: [{ from: waId, id: wamid, timestamp: String(Math.floor(at.getTime() / 1000)), ...this.messageBody(input, phoneNumberId) }],
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
    // Before the webhook leaves: Herald may mark the message read as soon as it hears of it.
    const { metadata, messages } = payload.entry[0].changes[0].value;
    this.received.remember({ wamid, phoneNumberId: metadata.phone_number_id, from: messages![0].from });
    const response = await fetch(this.config.WEBHOOK_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signWebhookBody(this.config.WHATSAPP_APP_SECRET, body) },
      body,
      signal: AbortSignal.timeout(this.config.SANDBOX_WEBHOOK_TIMEOUT_MS),
    });
    return { wamid, payload, httpStatus: response.status };
  }

  /** The message's type and its object, named after the type, as Meta writes them; a media's bytes kept to serve. */
  private messageBody(input: SimulateInboundDto, phoneNumberId: string): Pick<WebhookInboundMessage, 'type'> & Record<string, unknown> {
    const keep = (given: { data?: string; mime_type?: string }, withData: string, own: { mimeType: string; bytes: Buffer }) => {
      const stored = given.data
        ? this.media.put(phoneNumberId, given.mime_type ?? withData, Buffer.from(given.data, 'base64'))
        : this.media.put(phoneNumberId, given.mime_type ?? own.mimeType, own.bytes);
      return { mime_type: stored.mimeType, sha256: stored.sha256, id: stored.id };
    };
    const picture = { mimeType: 'image/png', bytes: samplePng() };
    if (input.image) {
      return { type: 'image', image: { ...optional('caption', input.image.caption), ...keep(input.image, 'image/jpeg', picture) } };
    }
    if (input.sticker) {
      return { type: 'sticker', sticker: { ...keep(input.sticker, 'image/webp', picture), animated: input.sticker.animated ?? false } };
    }
    if (input.document) {
      const { caption, filename } = input.document;
      const media = keep(input.document, 'application/pdf', { mimeType: 'application/pdf', bytes: samplePdf() });
      return { type: 'document', document: { ...optional('caption', caption), filename: filename ?? 'document.pdf', ...media } };
    }
    if (input.location) return { type: 'location', location: { ...input.location } };
    if (input.button) return { type: 'button', button: { payload: input.button.payload ?? input.button.text, text: input.button.text } };
    if (input.contacts) return { type: 'contacts', contacts: input.contacts };
    return { type: 'text', text: { body: input.text ?? '' } };
  }
}

const optional = <K extends string>(key: K, value: string | undefined): { [P in K]?: string } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
