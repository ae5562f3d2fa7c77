import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryRows } from '@herald/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { ConsentEvent, ConsentKind, ConsentOrigin } from './consent-event.entity';
import { InboundMessage } from './inbound-message.entity';

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

/** A change of a contact's consent, and who made it; `source` names what said so, once per kind. */
export interface ConsentChange {
  channelUuid: string;
  phone: string;
  kind: ConsentKind;
  at: Date;
  source: string;
  origin: ConsentOrigin;
}

/** A message a customer wrote, as it reached a business number. */
export interface CustomerMessage {
  providerMessageId: string;
  phone: string;
  sentAt: Date;
  type: string;
}

/** What customers wrote (`inbound_messages`) and what they and the team said of their consent (`consent_events`). */
@Injectable()
export class ContactsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records a customer's message for each of these channels (the channels of the number it was written to), with
   * the consent change it made, if any, in one transaction. A message recorded before is not recorded again.
   */
  async recordInbound(message: CustomerMessage, channelUuids: string[], consent: ConsentKind | null): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const channelUuid of channelUuids) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(InboundMessage)
          .values({ providerMessageId: message.providerMessageId, channelUuid, phone: message.phone, sentAt: message.sentAt, type: message.type })
          .orIgnore()
          .execute();
        if (consent) {
          await this.insertConsent(manager, {
            channelUuid,
            phone: message.phone,
            kind: consent,
            at: message.sentAt,
            source: message.providerMessageId,
            origin: 'customer',
          });
        }
      }
    });
  }

  /** Records a change of consent; the same change from the same source is recorded once. */
  recordConsent(change: ConsentChange): Promise<void> {
    return this.insertConsent(this.dataSource.manager, change);
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

  /**
   * A contact the team erased: what they wrote to the team's channels goes (and with it their window and its alert);
   * what they said of their consent stays, so an opt-out outlives the erasure of the one who asked for it.
   */
  async forget(teamUuid: string, phone: string): Promise<void> {
    await this.dataSource.query(
      `WITH team_channels AS (SELECT uuid FROM channels WHERE team_uuid = $1),
         alerts AS (DELETE FROM window_alerts WHERE phone = $2 AND channel_uuid IN (SELECT uuid FROM team_channels))
       DELETE FROM inbound_messages WHERE phone = $2 AND channel_uuid IN (SELECT uuid FROM team_channels)`,
      [teamUuid, phone],
    );
  }

  private async insertConsent(manager: EntityManager, change: ConsentChange): Promise<void> {
    await manager.createQueryBuilder().insert().into(ConsentEvent).values(change).orIgnore().execute();
  }
}
