import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ContactConsentData, InboundMessageData } from '@herald/contracts';
import { queryRows } from '@herald/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { ChannelsService } from '../channels/channels.service';
import { ConsentEvent, ConsentKind, ConsentOrigin } from './consent-event.entity';
import { InboundMessage } from './inbound-message.entity';

const stopWords = new Set(['stop', 'unsubscribe', 'stopp', 'baja']);
const startWords = new Set(['start', 'subscribe']);

/** What customers wrote and what they consented to, per business number, over time. */
@Injectable()
export class ContactsService {
  private readonly logger = new Logger(ContactsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly channels: ChannelsService,
  ) {}

  /** A customer wrote: the window opens from the provider's timestamp; STOP and START change consent. */
  async recordInbound(data: InboundMessageData): Promise<void> {
    const channels = await this.channels.byPhoneNumberId(data.phoneNumberId);
    if (channels.length === 0) {
      this.logger.warn(`inbound message ${data.providerMessageId} to unknown number ${data.phoneNumberId}; skipped`);
      return;
    }
    const sentAt = new Date(data.sentAt);
    const word = data.text?.trim().toLowerCase() ?? '';
    const consent: ConsentKind | null = stopWords.has(word) ? 'opt_out' : startWords.has(word) ? 'opt_back_in' : null;
    await this.dataSource.transaction(async (manager) => {
      for (const channel of channels) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(InboundMessage)
          .values({ providerMessageId: data.providerMessageId, channelUuid: channel.uuid, phone: data.from, sentAt, type: data.type })
          .orIgnore()
          .execute();
        if (consent) await this.recordConsent(manager, channel.uuid, data.from, consent, sentAt, data.providerMessageId, 'customer');
      }
    });
  }

  /** The team opted the contact out (or back in) through the API: as binding as the customer's own STOP or START. */
  async recordApiConsent(data: ContactConsentData): Promise<void> {
    await this.recordConsent(
      this.dataSource.manager,
      data.channelUuid,
      data.phone,
      data.change === 'opt_out' ? 'opt_out' : 'opt_back_in',
      new Date(data.at),
      `${data.source}:${data.at}`,
      'team',
    );
  }

  async recordConsent(
    manager: EntityManager,
    channelUuid: string,
    phone: string,
    kind: ConsentKind,
    at: Date,
    source: string,
    origin: ConsentOrigin,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(ConsentEvent)
      .values({ channelUuid, phone, kind, at, source, origin })
      .orIgnore()
      .execute();
  }

  /**
   * What a decision needs to know about each contact at its own moment, in one round trip for them all: when the
   * contact last wrote (the window as it stood then), and whether the last word on their consent was an opt-out, and
   * whose. The answers come in the order asked.
   */
  async standings(contacts: ContactAt[]): Promise<Standing[]> {
    if (contacts.length === 0) return [];
    const rows = await queryRows<{ ordinal: string; last_inbound_at: Date | null; opted_out_by: ConsentOrigin | null }>(
      this.dataSource,
      `SELECT contact.ordinal,
         (SELECT max(sent_at) FROM inbound_messages
           WHERE channel_uuid = contact.channel_uuid AND phone = contact.phone AND sent_at <= contact.at) AS last_inbound_at,
         (SELECT CASE WHEN kind = 'opt_out' THEN origin END FROM consent_events
           WHERE channel_uuid = contact.channel_uuid AND phone = contact.phone AND kind IN ('opt_out', 'opt_back_in')
             AND at <= contact.at
           ORDER BY at DESC, id DESC LIMIT 1) AS opted_out_by
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) WITH ORDINALITY AS contact(channel_uuid, phone, at, ordinal)`,
      [contacts.map((contact) => contact.channelUuid), contacts.map((contact) => contact.phone), contacts.map((contact) => contact.at)],
    );
    const standings: Standing[] = new Array(contacts.length);
    for (const row of rows) {
      standings[Number(row.ordinal) - 1] = { lastInboundAt: row.last_inbound_at, optedOutBy: row.opted_out_by };
    }
    return standings;
  }
}

/** A contact of one of the team's numbers, at a moment: the time a message to them was accepted. */
export interface ContactAt {
  channelUuid: string;
  phone: string;
  at: Date;
}

export interface Standing {
  lastInboundAt: Date | null;
  optedOutBy: ConsentOrigin | null;
}
