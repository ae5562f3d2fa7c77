import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MessageStatus } from '@herald/contracts';
import { queryRows } from '@herald/persistence';
import { DataSource, In } from 'typeorm';
import { InboundMessage } from './inbound-message.entity';
import { LEDGER_SCHEMA } from './ledger-schema';
import { Message } from './message.entity';

/** A customer's message to one channel, to be stored. */
export interface InboundRecord {
  teamUuid: string;
  channelUuid: string;
  /** The customer, E.164. */
  phone: string;
  providerMessageId: string;
  type: string;
  content: Record<string, unknown>;
  sentAt: Date;
}

/** Where a page of messages stopped: the time and uuid of its last message. */
export interface ConversationPosition {
  at: Date;
  uuid: string;
}

export type ConversationDirection = 'inbound' | 'outbound' | 'both';

/** Which of a team's messages, either way, to list newest first. */
export interface ConversationFilter {
  direction: ConversationDirection;
  /** The customer: the team's messages to this number and the customer's from it. */
  phone?: string;
  /** Only the team's messages with this status (a customer's have none). */
  status?: MessageStatus;
  /** Sent at or after this time. */
  since?: Date;
  /** Only the messages after this position (the previous page's last). */
  after?: ConversationPosition;
  /** Messages to pass over first (a numbered page). */
  offset?: number;
  limit: number;
}

/** A message of a conversation, either way, with the time it is ordered by. */
export type ConversationEntry =
  | { direction: 'outbound'; at: Date; message: Message }
  | { direction: 'inbound'; at: Date; message: InboundMessage };

/**
 * A customer's message is stored once per channel, whoever delivers it again (WhatsApp's retries, Kafka's
 * redeliveries): its uuid is derived from the channel and WhatsApp's id.
 */
export function inboundMessageUuidFor(channelUuid: string, providerMessageId: string): string {
  return createHash('sha256').update(`${channelUuid}:${providerMessageId}`).digest('hex').slice(0, 32);
}

/**
 * The conversations: the customers' messages, stored by the ledger worker, and both directions read together for
 * the API (the team's messages are the ledger's `messages`).
 */
@Injectable()
export class ConversationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The WhatsApp id (wamid) of a message of one conversation (a team's channel and a customer), by its Herald uuid:
   * the customer's message has one from the start, the team's once it was sent. Null for a message of another
   * conversation or team, a message not sent yet, or an erased one: WhatsApp could not quote or react to it.
   */
  async whatsappIdOf(conversation: { teamUuid: string; channelUuid: string; phone: string }, uuid: string): Promise<string | null> {
    const { teamUuid, channelUuid, phone } = conversation;
    const [outbound, inbound] = await Promise.all([
      this.dataSource.manager.findOne(Message, { select: { providerMessageId: true, withdrawnAt: true }, where: { uuid, teamUuid, channelUuid, to: phone } }),
      this.dataSource.manager.findOne(InboundMessage, { select: { providerMessageId: true, erasedAt: true }, where: { uuid, teamUuid, channelUuid, phone } }),
    ]);
    if (outbound && !outbound.withdrawnAt && outbound.providerMessageId) return outbound.providerMessageId;
    if (inbound && !inbound.erasedAt) return inbound.providerMessageId;
    return null;
  }

  /** Stores a batch of customers' messages in one statement; answers those stored now (not already there). */
  async recordInbound(records: InboundRecord[]): Promise<InboundRecord[]> {
    const byUuid = new Map(records.map((record) => [inboundMessageUuidFor(record.channelUuid, record.providerMessageId), record]));
    if (byUuid.size === 0) return [];
    const rows = [...byUuid.entries()];
    const stored = await queryRows<{ uuid: string }>(this.dataSource, RECORD_INBOUND, [
      rows.map(([uuid]) => uuid),
      rows.map(([, record]) => record.teamUuid),
      rows.map(([, record]) => record.channelUuid),
      rows.map(([, record]) => record.phone),
      rows.map(([, record]) => record.providerMessageId),
      rows.map(([, record]) => record.type),
      rows.map(([, record]) => JSON.stringify(record.content)),
      rows.map(([, record]) => record.sentAt),
    ]);
    return stored.map((row) => byUuid.get(row.uuid) as InboundRecord);
  }

  /**
   * A page of a team's messages either way, newest first (ties broken by uuid, so pages neither repeat nor skip
   * one): the positions in one statement over both tables, then the rows.
   */
  async page(teamUuid: string, filter: ConversationFilter): Promise<ConversationEntry[]> {
    const outbound = filter.direction !== 'inbound';
    const inbound = filter.direction !== 'outbound' && filter.status === undefined;
    const offset = filter.offset ?? 0;
    const keys = await queryRows<{ direction: 'inbound' | 'outbound'; uuid: string; at: Date }>(this.dataSource, PAGE_KEYS, [
      teamUuid,
      outbound,
      inbound,
      filter.phone ?? null,
      filter.status ?? null,
      filter.since ?? null,
      filter.after?.at ?? null,
      filter.after?.uuid ?? null,
      filter.limit,
      offset,
    ]);
    const ofDirection = (direction: 'inbound' | 'outbound') => keys.filter((key) => key.direction === direction).map((key) => key.uuid);
    const [sent, received] = await Promise.all([
      ofDirection('outbound').length > 0 ? this.dataSource.manager.findBy(Message, { uuid: In(ofDirection('outbound')) }) : [],
      ofDirection('inbound').length > 0 ? this.dataSource.manager.findBy(InboundMessage, { uuid: In(ofDirection('inbound')) }) : [],
    ]);
    const sentByUuid = new Map(sent.map((message) => [message.uuid, message]));
    const receivedByUuid = new Map(received.map((message) => [message.uuid, message]));
    return keys.flatMap((key): ConversationEntry[] => {
      if (key.direction === 'outbound') {
        const message = sentByUuid.get(key.uuid);
        return message ? [{ direction: 'outbound', at: key.at, message }] : [];
      }
      const message = receivedByUuid.get(key.uuid);
      return message ? [{ direction: 'inbound', at: key.at, message }] : [];
    });
  }

  /** A customer's message of one team (another team's is as unknown as one that never was). */
  findInbound(teamUuid: string, uuid: string): Promise<InboundMessage | null> {
    return this.dataSource.manager.findOneBy(InboundMessage, { uuid, teamUuid });
  }
}

const RECORD_INBOUND = `
  INSERT INTO ${LEDGER_SCHEMA}.inbound_messages (uuid, team_uuid, channel_uuid, phone, provider_message_id, type, content, sent_at)
  SELECT * FROM unnest($1::bpchar[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::timestamptz[])
  ON CONFLICT (channel_uuid, provider_message_id) DO NOTHING
  RETURNING uuid`;

/**
 * The positions of a page over both directions. Each side is limited on its own first (an index serves each), then
 * the two are merged; a direction left out is a false condition the planner drops. The team's messages are ordered
 * by when Herald accepted them, the customer's by when they wrote (WhatsApp's clock).
 */
const PAGE_KEYS = `
  (SELECT 'outbound' AS direction, m.uuid, m.created_at AS at
   FROM ${LEDGER_SCHEMA}.messages m
   WHERE $2::boolean AND m.team_uuid = $1 AND m.withdrawn_at IS NULL
     AND ($4::text IS NULL OR m."to" = $4::text)
     AND ($5::text IS NULL OR m.status = $5::text)
     AND ($6::timestamptz IS NULL OR m.created_at >= $6::timestamptz)
     AND ($7::timestamptz IS NULL OR (m.created_at, m.uuid) < ($7::timestamptz, $8::bpchar))
   ORDER BY m.created_at DESC, m.uuid DESC
   LIMIT $9::int + $10::int)
  UNION ALL
  (SELECT 'inbound' AS direction, i.uuid, i.sent_at AS at
   FROM ${LEDGER_SCHEMA}.inbound_messages i
   WHERE $3::boolean AND i.team_uuid = $1
     AND ($4::text IS NULL OR i.phone = $4::text)
     AND ($6::timestamptz IS NULL OR i.sent_at >= $6::timestamptz)
     AND ($7::timestamptz IS NULL OR (i.sent_at, i.uuid) < ($7::timestamptz, $8::bpchar))
   ORDER BY i.sent_at DESC, i.uuid DESC
   LIMIT $9::int + $10::int)
  ORDER BY at DESC, uuid DESC
  LIMIT $9::int OFFSET $10::int`;
