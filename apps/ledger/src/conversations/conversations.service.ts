import { Injectable, Logger } from '@nestjs/common';
import type { InboundMessageData, MessageRequestedData } from '@herald/contracts';
import { ChannelReplicaRepository } from '@herald/channel-replica';
import { ContactsRepository, ContactTouch, ConversationRepository, InboundRecord } from '@herald/ledger';
import { Channel } from '../channels/channel.entity';

/** The fields of an inbound event that say who and when, not what: the rest is the message's content. */
const ENVELOPE_FIELDS = new Set(['phoneNumberId', 'from', 'providerMessageId', 'sentAt', 'type']);

/**
 * What the customer sent, as the event carries it: every detail but those the row keeps in columns, whatever
 * details the contract grows (a new optional field is stored without a change here).
 */
export function inboundContent(data: InboundMessageData): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([field, value]) => !ENVELOPE_FIELDS.has(field) && value !== undefined));
}

/** The customer's WhatsApp profile name, when the event carries one. */
function profileNameOf(data: InboundMessageData): string | null {
  const { profileName } = data as { profileName?: unknown };
  return typeof profileName === 'string' && profileName.length > 0 ? profileName : null;
}

/** The request's fields that make its contact: checked here, as a request passed over unread is not checked otherwise. */
export type RequestedContact = Pick<MessageRequestedData, 'messageUuid' | 'teamUuid' | 'channelUuid' | 'to'>;

/**
 * The ledger as the record of conversations: each customer's message stored once per channel of its number, and
 * the contacts made by the first message either way.
 */
@Injectable()
export class ConversationsService {
  private readonly logger = new Logger(ConversationsService.name);

  constructor(
    private readonly conversations: ConversationRepository,
    private readonly contacts: ContactsRepository,
    private readonly channels: ChannelReplicaRepository<Channel>,
  ) {}

  /**
   * A webhook names the phone number, not Herald's channel: the message is the conversation of every active channel
   * with the number (one, unless a number moved between teams). Only the messages stored now touch their contacts:
   * one delivered again after its contact was erased makes nothing again.
   */
  async recordInbound(batch: InboundMessageData[]): Promise<void> {
    const channelsOf = new Map<string, Channel[]>();
    for (const phoneNumberId of new Set(batch.map((data) => data.phoneNumberId))) {
      channelsOf.set(phoneNumberId, await this.channels.findActive({ phoneNumberId }));
    }
    const records: Array<InboundRecord & { profileName: string | null }> = batch.flatMap((data) => {
      const channels = channelsOf.get(data.phoneNumberId) ?? [];
      if (channels.length === 0) this.logger.warn(`inbound message ${data.providerMessageId} to number ${data.phoneNumberId}, which no active channel has; not stored`);
      return channels.map((channel) => ({
        teamUuid: channel.teamUuid,
        channelUuid: channel.uuid,
        phone: data.from,
        providerMessageId: data.providerMessageId,
        type: data.type,
        content: inboundContent(data),
        sentAt: new Date(data.sentAt),
        profileName: profileNameOf(data),
      }));
    });
    const stored = await this.conversations.recordInbound(records);
    const profileNames = new Map(records.map((record) => [`${record.channelUuid}:${record.providerMessageId}`, record.profileName]));
    await this.contacts.touch(
      stored.map((record) => ({
        teamUuid: record.teamUuid,
        phone: record.phone,
        channelUuid: record.channelUuid,
        profileName: profileNames.get(`${record.channelUuid}:${record.providerMessageId}`) ?? null,
      })),
    );
  }

  /** Every request makes its contact, or tells it the channel (those the ingress wrote too: the ingress makes none). */
  async touchRequested(requests: RequestedContact[]): Promise<void> {
    const touches: ContactTouch[] = requests.map((request) => ({
      teamUuid: request.teamUuid,
      phone: request.to,
      channelUuid: request.channelUuid,
      messageUuid: request.messageUuid,
    }));
    await this.contacts.touch(touches);
  }
}
