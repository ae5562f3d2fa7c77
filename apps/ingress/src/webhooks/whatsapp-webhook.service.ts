import { Injectable, Logger } from '@nestjs/common';
import {
  checkContract,
  envelope,
  INBOUND_CONTACT_CARD_MAX_ITEMS,
  INBOUND_CONTACT_CARDS_MAX,
  InboundContactAddress,
  InboundContactCard,
  InboundContactEmail,
  InboundContactName,
  InboundContactOrg,
  InboundContactPhone,
  InboundContactUrl,
  InboundContext,
  InboundLocation,
  InboundMedia,
  InboundMessageData,
  InboundReaction,
  InboundReferral,
  InboundReply,
  MESSAGE_UUID_PATTERN,
  MessageStatusData,
  messageStatusKey,
  ProviderStatus,
  providerStatuses,
  StatusConversation,
  StatusPricing,
  Topics,
  whatsAppInboundKey,
  WEBHOOK_DEAD_LETTER_TOPIC,
} from '@herald/contracts';
import { EventPublisher } from '@herald/kafka';
import type { ClassConstructor } from 'class-transformer';
import { failureFromProviderCode } from '@herald/whatsapp';
import { WebhookMessageDto, WebhookMessagesValueDto, WebhookStatusDto, WhatsAppWebhookDto } from './whatsapp-webhook.dto';

/** What a signed webhook body is to Herald: its events, or why it cannot be read. */
type Reading = { ok: true; webhook: WhatsAppWebhookDto } | { ok: false; reason: string };

/**
 * Turns a verified WhatsApp webhook into events. Answering 200 only once they are on Kafka means Meta retries a
 * webhook Herald could not record, instead of it being lost. A signed body Herald cannot read is answered 200 too,
 * once it is kept on WEBHOOK_DEAD_LETTER_TOPIC with the reason: Meta would retry anything else for days, and the
 * same bytes would fail the same way every time.
 */
@Injectable()
export class WhatsAppWebhookService {
  private readonly logger = new Logger(WhatsAppWebhookService.name);

  constructor(private readonly publisher: EventPublisher) {}

  async receive(rawBody: Buffer, requestId: string): Promise<{ statuses: number; messages: number }> {
    const reading = read(rawBody);
    if (!reading.ok) {
      await this.deadLetter(rawBody, reading.reason, requestId);
      return { statuses: 0, messages: 0 };
    }
    const values = reading.webhook.entry.flatMap((entry) => entry.changes.filter((change) => change.field === 'messages')).map((change) => change.value);
    const inbound = values.flatMap((value) => (value.messages ?? []).map((message) => toInboundData(message, value)));
    const statuses = values.flatMap((value) => (value.statuses ?? []).map((status) => toStatusData(status, value.metadata.phone_number_id)));
    await Promise.all([
      ...statuses
        .filter((data): data is MessageStatusData => data !== null)
        .map((data) =>
          this.publisher.publish({
            topic: Topics.MessageStatus,
            key: messageStatusKey(data),
            event: envelope(Topics.MessageStatus, data, { requestId }),
          }),
        ),
      ...inbound.map((data) =>
        this.publisher.publish({
          topic: Topics.WhatsAppInbound,
          key: whatsAppInboundKey(data),
          event: envelope(Topics.WhatsAppInbound, data, { requestId }),
        }),
      ),
    ]);
    return { statuses: statuses.length, messages: inbound.length };
  }

  /** Kept as it came, with the reason, for a person to read; if Kafka does not take it, Meta hears 503 and retries. */
  private async deadLetter(rawBody: Buffer, reason: string, requestId: string): Promise<void> {
    this.logger.warn(`request ${requestId}: a signed webhook Herald cannot read goes to ${WEBHOOK_DEAD_LETTER_TOPIC}: ${reason}`);
    await this.publisher.publishRaw(WEBHOOK_DEAD_LETTER_TOPIC, requestId, rawBody, {
      'x-dead-letter-reason': reason,
      'x-dead-letter-source': 'POST /webhooks/whatsapp',
      'x-dead-letter-at': new Date().toISOString(),
      'x-request-id': requestId,
    });
  }
}

function read(rawBody: Buffer): Reading {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { ok: false, reason: 'the body is not valid JSON' };
  }
  const check = checkContract(WhatsAppWebhookDto, parsed, { unknownFields: 'ignore' });
  if (!check.ok) {
    return { ok: false, reason: `not a WhatsApp webhook: ${check.problems.map((p) => `${p.field || 'body'} ${p.problem}`).join('; ')}` };
  }
  return { ok: true, webhook: check.value };
}

function toInboundData(message: WebhookMessageDto, value: WebhookMessagesValueDto): InboundMessageData {
  const reply = toReply(message);
  const waId = message.from.replace(/^\+/, '');
  return {
    phoneNumberId: value.metadata.phone_number_id,
    from: `+${waId}`,
    providerMessageId: message.id,
    ...optional('profileName', toProfileName(value.contacts, waId)),
    sentAt: atSeconds(message.timestamp),
    type: message.type,
    // A reply's title stands for its text: the policy reads STOP and START in it as in a typed message.
    ...optional('text', message.text?.body ?? reply?.title),
    ...optional('media', toMedia(message)),
    ...optional('location', message.type === 'location' ? toLocation(message.location) : undefined),
    ...optional('reply', reply),
    ...optional('context', toContext(message.context)),
    ...optional('reaction', message.type === 'reaction' ? toReaction(message.reaction) : undefined),
    ...optional('contacts', message.type === 'contacts' ? toContactCards(message.contacts) : undefined),
    ...optional('referral', toReferral(message.referral)),
  };
}

/** The sender's profile name: the webhook's `contacts` entry for their wa_id (the lone entry if it names none). */
function toProfileName(contacts: unknown, waId: string): string | undefined {
  if (!Array.isArray(contacts)) return undefined;
  const profiles = contacts.filter(isRecord);
  const sender = profiles.find((contact) => contact.wa_id === waId) ?? (profiles.length === 1 && profiles[0].wa_id === undefined ? profiles[0] : undefined);
  const name = isRecord(sender?.profile) ? sender.profile.name : undefined;
  return typeof name === 'string' && name.length > 0 && name.length <= 256 ? name : undefined;
}

const mediaTypes = ['image', 'document', 'audio', 'video', 'sticker'] as const;
type MediaType = (typeof mediaTypes)[number];

/** The media object Meta names after the message's type. */
function toMedia(message: WebhookMessageDto): InboundMedia | undefined {
  if (!mediaTypes.includes(message.type as MediaType)) return undefined;
  const media = message[message.type as MediaType];
  if (!isRecord(media)) return undefined;
  const { id, mime_type, sha256, caption, filename, animated, voice } = media;
  // Without a readable id there is nothing to download; any other odd field (a caption too long) costs only itself.
  return readable(InboundMedia, readableFields(InboundMedia, { id, mimeType: mime_type, sha256, caption, filename, animated, voice }));
}

/** The readable cards of a `contacts` message, each with the parts of it Herald can read; none, if none is. */
function toContactCards(contacts: unknown): InboundContactCard[] | undefined {
  if (!Array.isArray(contacts)) return undefined;
  const cards = contacts
    .filter(isRecord)
    .map(toContactCard)
    .filter((card): card is InboundContactCard => card !== undefined)
    .slice(0, INBOUND_CONTACT_CARDS_MAX);
  return cards.length > 0 ? cards : undefined;
}

function toContactCard(card: Record<string, unknown>): InboundContactCard | undefined {
  const { name, org } = card;
  // Each part on its own: a birthday Herald cannot read costs the card only its birthday.
  const parts = readableFields(InboundContactCard, {
    name: isRecord(name)
      ? readable(InboundContactName, {
          formattedName: name.formatted_name,
          firstName: name.first_name,
          lastName: name.last_name,
          middleName: name.middle_name,
          prefix: name.prefix,
          suffix: name.suffix,
        })
      : undefined,
    phones: items(card.phones, (phone) => readable(InboundContactPhone, { phone: phone.phone, waId: phone.wa_id, type: phone.type })),
    emails: items(card.emails, (email) => readable(InboundContactEmail, { email: email.email, type: email.type })),
    addresses: items(card.addresses, (address) =>
      readable(InboundContactAddress, {
        street: address.street,
        city: address.city,
        state: address.state,
        zip: address.zip,
        country: address.country,
        countryCode: address.country_code,
        type: address.type,
      }),
    ),
    org: isRecord(org) ? readable(InboundContactOrg, { company: org.company, department: org.department, title: org.title }) : undefined,
    urls: items(card.urls, (url) => readable(InboundContactUrl, { url: url.url, type: url.type })),
    birthday: card.birthday,
  });
  // A card with nothing readable in it is no card.
  return Object.keys(parts).length > 0 ? (parts as InboundContactCard) : undefined;
}

/** The items of a card's list that read as objects of the contract, up to the contract's limit; none if none do. */
function items<T>(list: unknown, read: (item: Record<string, unknown>) => T | undefined): T[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const kept = list
    .filter(isRecord)
    .map(read)
    .filter((item): item is T => item !== undefined && Object.keys(item as object).length > 0)
    .slice(0, INBOUND_CONTACT_CARD_MAX_ITEMS);
  return kept.length > 0 ? kept : undefined;
}

/** The click-to-WhatsApp ad the customer came from, the fields of it Herald can read. */
function toReferral(referral: unknown): InboundReferral | undefined {
  if (!isRecord(referral)) return undefined;
  const fields = {
    sourceUrl: referral.source_url,
    sourceId: referral.source_id,
    sourceType: referral.source_type,
    headline: referral.headline,
    body: referral.body,
    mediaType: referral.media_type,
    imageUrl: referral.image_url,
    videoUrl: referral.video_url,
    thumbnailUrl: referral.thumbnail_url,
    ctwaClid: referral.ctwa_clid,
  };
  // Field by field: an ad's odd headline must not cost the team which ad it was.
  const kept = readableFields(InboundReferral, fields);
  return Object.keys(kept).length > 0 ? (kept as InboundReferral) : undefined;
}

function toLocation(location: unknown): InboundLocation | undefined {
  if (!isRecord(location)) return undefined;
  const { latitude, longitude, name, address } = location;
  return readable(InboundLocation, { latitude, longitude, name, address });
}

/** A template's quick reply (`button`), or an interactive message's reply button or list row. */
function toReply(message: WebhookMessageDto): InboundReply | undefined {
  if (message.type === 'button' && isRecord(message.button)) {
    const { payload, text } = message.button;
    return readable(InboundReply, { kind: 'button', id: payload, title: text });
  }
  if (message.type === 'interactive' && isRecord(message.interactive)) {
    const kind = message.interactive.type;
    const chosen = kind === 'button_reply' || kind === 'list_reply' ? message.interactive[kind] : undefined;
    if (!isRecord(chosen)) return undefined;
    const { id, title, description } = chosen;
    return readable(InboundReply, { kind, id, title, description });
  }
  return undefined;
}

function toContext(context: unknown): InboundContext | undefined {
  return isRecord(context) ? readable(InboundContext, { providerMessageId: context.id }) : undefined;
}

function toReaction(reaction: unknown): InboundReaction | undefined {
  if (!isRecord(reaction)) return undefined;
  return readable(InboundReaction, { providerMessageId: reaction.message_id, emoji: reaction.emoji });
}

/** A status Herald follows as an event; null for the ones it does not (`deleted`, `warning`...). */
function toStatusData(status: WebhookStatusDto, phoneNumberId: string): MessageStatusData | null {
  if (!providerStatuses.includes(status.status as ProviderStatus)) return null;
  const error = status.errors?.[0];
  return {
    providerMessageId: status.id,
    ...(status.biz_opaque_callback_data && MESSAGE_UUID_PATTERN.test(status.biz_opaque_callback_data)
      ? { messageUuid: status.biz_opaque_callback_data }
      : {}),
    status: status.status as ProviderStatus,
    statusAt: atSeconds(status.timestamp),
    recipientId: status.recipient_id,
    phoneNumberId,
    ...(error ? { failure: failureFromProviderCode(error.code, error.error_data?.details ?? error.message ?? error.title) } : {}),
    ...optional('pricing', toPricing(status.pricing)),
    ...optional('conversation', toConversation(status.conversation)),
  };
}

/** Meta's `pricing`, the fields the event carries; undefined when it has none or they are not of the event's types. */
function toPricing(pricing: unknown): StatusPricing | undefined {
  if (!isRecord(pricing)) return undefined;
  const { billable, pricing_model, category, type } = pricing;
  return readable(StatusPricing, { billable, pricing_model, category, type });
}

/** Meta's `conversation`, as toPricing reads `pricing`. */
function toConversation(conversation: unknown): StatusConversation | undefined {
  if (!isRecord(conversation)) return undefined;
  const { id, origin, expiration_timestamp } = conversation;
  return readable(StatusConversation, { id, origin: isRecord(origin) ? defined({ type: origin.type }) : origin, expiration_timestamp });
}

/** The fields given, if the event's contract takes them. */
function readable<T extends object>(contract: ClassConstructor<T>, fields: Record<string, unknown>): T | undefined {
  const candidate = defined(fields);
  return checkContract(contract, candidate).ok ? (candidate as T) : undefined;
}

/** The fields given that the contract takes, each judged on its own (a required one left out then fails `readable`). */
function readableFields<T extends object>(contract: ClassConstructor<T>, fields: Record<string, unknown>): Record<string, unknown> {
  const candidate = defined(fields);
  const check = checkContract(contract, candidate);
  if (check.ok) return candidate;
  const rejected = new Set(check.problems.map((problem) => problem.field.split(/[.[]/)[0]));
  return Object.fromEntries(Object.entries(candidate).filter(([key]) => !rejected.has(key)));
}

function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

/** Meta's Unix seconds (checked: digits), or now for a zero. */
function atSeconds(timestamp: string): string {
  const seconds = Number(timestamp);
  return (seconds > 0 ? new Date(seconds * 1000) : new Date()).toISOString();
}
