import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { contactUuidFor, type CustomFieldValue } from '@herald/contracts';
import { queryRows } from '@herald/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { Contact } from './contact.entity';
import { LEDGER_SCHEMA } from './ledger-schema';

/** A contact the team makes (`POST /contacts`). */
export interface NewContact {
  teamUuid: string;
  /** E.164, with the plus. */
  phone: string;
  name: string;
  tags?: string[];
  customFields?: Record<string, CustomFieldValue>;
  assignedUser?: string | null;
  note?: string | null;
  channelUuid?: string | null;
}

/** Which of a team's contacts to list, in the order they were made. */
export interface ContactFilter {
  /** Contacts with every one of these tags, compared case-insensitively. */
  tags?: string[];
  phone?: string;
  /** Only the contacts after this one (its `seq`): the previous page's last. */
  afterSeq?: string;
  /** Contacts to pass over first (a numbered page). */
  offset?: number;
  limit: number;
}

/** What `PATCH /contacts/:uuid` changes; what is undefined stays. */
export interface ContactChanges {
  name?: string;
  /** Replaces the tags. */
  tags?: string[];
  /** Merged into the custom fields. */
  customFields?: Record<string, CustomFieldValue>;
  /** null takes the assignment away. */
  assignedUser?: string | null;
  /** null clears the note. */
  note?: string | null;
}

/** A message, either way, between a team's channel and a customer: it makes the contact, or tells it the channel. */
export interface ContactTouch {
  teamUuid: string;
  phone: string;
  channelUuid: string;
  /** The customer's WhatsApp profile name, when the message carried it. */
  profileName?: string | null;
  /**
   * The team's message this touch comes from: a message erased with its contact brings nothing back when its event
   * is delivered again.
   */
  messageUuid?: string;
}

/** What an erasure did: the number it was of (for the services told of it), and how many messages it blanked. */
export interface Erasure {
  phone: string;
  messagesErased: number;
  erasedAt: Date;
}

/** A contact row as the statements return it. */
interface ContactRow {
  uuid: string;
  seq: string;
  team_uuid: string;
  phone: string;
  name: string | null;
  profile_name: string | null;
  tags: string[];
  custom_fields: Record<string, CustomFieldValue>;
  assigned_user: string | null;
  note: string | null;
  channel_uuid: string | null;
  source: string;
  created_at: Date;
  updated_at: Date;
}

const CONTACTS = `${LEDGER_SCHEMA}.contacts`;

/**
 * The contacts, owned by the ledger worker (which makes them from messages) and read and changed by the ingress
 * (the contacts API), through this library only. Every statement names the team: another team's contact is as
 * unknown as one that never existed.
 */
@Injectable()
export class ContactsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Makes the team's contact; null when the team already has one on this number. */
  async create(contact: NewContact): Promise<Contact | null> {
    const [row] = await queryRows<ContactRow>(this.dataSource, CREATE_CONTACT, [
      contactUuidFor(contact.teamUuid, contact.phone),
      contact.teamUuid,
      contact.phone,
      contact.name,
      contact.tags ?? [],
      JSON.stringify(contact.customFields ?? {}),
      contact.assignedUser ?? null,
      contact.note ?? null,
      contact.channelUuid ?? null,
    ]);
    return row ? toContact(row) : null;
  }

  async findForTeam(teamUuid: string, uuid: string): Promise<Contact | null> {
    const [row] = await queryRows<ContactRow>(this.dataSource, `SELECT * FROM ${CONTACTS} WHERE uuid = $2 AND team_uuid = $1`, [teamUuid, uuid]);
    return row ? toContact(row) : null;
  }

  findByPhone(teamUuid: string, phone: string): Promise<Contact | null> {
    return this.findForTeam(teamUuid, contactUuidFor(teamUuid, phone));
  }

  /** A page of the team's contacts, oldest first: contacts made meanwhile come after every one there was. */
  async list(teamUuid: string, filter: ContactFilter): Promise<Contact[]> {
    const tags = filter.tags && filter.tags.length > 0 ? [...new Set(filter.tags.map((tag) => tag.toLowerCase()))] : null;
    const rows = await queryRows<ContactRow>(this.dataSource, LIST_CONTACTS, [
      teamUuid,
      tags,
      filter.phone ?? null,
      filter.afterSeq ?? null,
      filter.limit,
      filter.offset ?? 0,
    ]);
    return rows.map(toContact);
  }

  /**
   * Makes the contacts of these messages that are not there, and tells those that are the channel of their last
   * message and the customer's profile name, in one statement. A name the team gave is never touched.
   */
  async touch(touches: ContactTouch[]): Promise<void> {
    const byUuid = new Map<string, ContactTouch & { uuid: string }>();
    for (const touch of touches) {
      const uuid = contactUuidFor(touch.teamUuid, touch.phone);
      const before = byUuid.get(uuid);
      byUuid.set(uuid, { ...touch, uuid, profileName: touch.profileName ?? before?.profileName ?? null });
    }
    if (byUuid.size === 0) return;
    const rows = [...byUuid.values()];
    await queryRows(this.dataSource, TOUCH_CONTACTS, [
      rows.map((row) => row.uuid),
      rows.map((row) => row.teamUuid),
      rows.map((row) => row.phone),
      rows.map((row) => row.channelUuid),
      rows.map((row) => row.profileName ?? null),
      rows.map((row) => row.messageUuid ?? null),
    ]);
  }

  /** Changes the team's contact; null when it has none with this uuid. */
  async update(teamUuid: string, uuid: string, changes: ContactChanges): Promise<Contact | null> {
    const [row] = await queryRows<ContactRow>(this.dataSource, UPDATE_CONTACT, [
      teamUuid,
      uuid,
      changes.name ?? null,
      changes.tags ?? null,
      changes.customFields ? JSON.stringify(changes.customFields) : null,
      changes.assignedUser !== undefined,
      changes.assignedUser ?? null,
      changes.note !== undefined,
      changes.note ?? null,
    ]);
    return row ? toContact(row) : null;
  }

  /**
   * A right-to-erasure request, in one statement (so all of it or nothing): the contact's row goes, the team's
   * messages with the number either way keep their uuid, time and status but lose their bodies and the number, and
   * the audit trail records that it happened. Answers how many messages were erased, or null when the team has no
   * such contact. `alongside` runs in the same transaction once the contact is erased (the ingress's outbox record
   * of `contact.erased`, so the other services hear of every erasure that commits).
   */
  async erase(teamUuid: string, uuid: string, requestedBy: string, alongside?: (manager: EntityManager, erased: Erasure) => Promise<void>): Promise<number | null> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(ERASE_CONTACT, [teamUuid, uuid, requestedBy])) as Array<{ messages_erased: number; phone: string; erased_at: Date }>;
      if (!row) return null;
      await alongside?.(manager, { phone: row.phone, messagesErased: row.messages_erased, erasedAt: row.erased_at });
      return row.messages_erased;
    });
  }
}

function toContact(row: ContactRow): Contact {
  return Object.assign(new Contact(), {
    uuid: row.uuid,
    seq: String(row.seq),
    teamUuid: row.team_uuid,
    phone: row.phone,
    name: row.name,
    profileName: row.profile_name,
    tags: row.tags,
    customFields: row.custom_fields,
    assignedUser: row.assigned_user,
    note: row.note,
    channelUuid: row.channel_uuid,
    source: row.source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

const CREATE_CONTACT = `
  INSERT INTO ${CONTACTS} (uuid, team_uuid, phone, name, tags, custom_fields, assigned_user, note, channel_uuid)
  VALUES ($1, $2, $3, $4, $5::text[], $6::jsonb, $7, $8, $9)
  ON CONFLICT (uuid) DO NOTHING
  RETURNING *`;

/** Every filter is a parameter that may be null, so the text is one; each call is planned with its values. */
const LIST_CONTACTS = `
  SELECT * FROM ${CONTACTS}
  WHERE team_uuid = $1
    AND ($2::text[] IS NULL OR (SELECT count(DISTINCT lower(tag)) FROM unnest(tags) AS tag WHERE lower(tag) = ANY($2::text[])) = cardinality($2::text[]))
    AND ($3::text IS NULL OR phone = $3::text)
    AND ($4::bigint IS NULL OR seq > $4::bigint)
  ORDER BY seq
  LIMIT $5 OFFSET $6`;

/**
 * Rows in uuid order, so that two batches touching the same contacts take their locks in the same order. A message
 * of the team's that was erased (its row's `erased_at`) brings no contact back.
 */
const TOUCH_CONTACTS = `
  INSERT INTO ${CONTACTS} AS c (uuid, team_uuid, phone, channel_uuid, profile_name)
  SELECT t.uuid, t.team_uuid, t.phone, t.channel_uuid, t.profile_name
  FROM unnest($1::bpchar[], $2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::bpchar[])
    AS t (uuid, team_uuid, phone, channel_uuid, profile_name, message_uuid)
  WHERE t.message_uuid IS NULL
     OR NOT EXISTS (SELECT 1 FROM ${LEDGER_SCHEMA}.messages m WHERE m.uuid = t.message_uuid AND m.erased_at IS NOT NULL)
  ORDER BY t.uuid
  ON CONFLICT (uuid) DO UPDATE
  SET channel_uuid = excluded.channel_uuid, profile_name = coalesce(excluded.profile_name, c.profile_name), updated_at = now()
  WHERE c.channel_uuid IS DISTINCT FROM excluded.channel_uuid
     OR (excluded.profile_name IS NOT NULL AND c.profile_name IS DISTINCT FROM excluded.profile_name)`;

const UPDATE_CONTACT = `
  UPDATE ${CONTACTS}
  SET name = coalesce($3::text, name),
      tags = coalesce($4::text[], tags),
      custom_fields = custom_fields || coalesce($5::jsonb, '{}'::jsonb),
      assigned_user = CASE WHEN $6::boolean THEN $7::text ELSE assigned_user END,
      note = CASE WHEN $8::boolean THEN nullif($9::text, '') ELSE note END,
      updated_at = now()
  WHERE team_uuid = $1 AND uuid = $2
  RETURNING *`;

/**
 * The team's messages with the number lose what identifies or quotes the customer: a sent message keeps its
 * status, history and what kind it was (type, channel, template), its number becomes 'erased'; a customer's keeps
 * its type and times, its number blank and its details '{}'. The messages' rows are locked in uuid order first, as
 * the ledger's own statements lock them.
 */
const ERASE_CONTACT = `
  WITH gone AS (
    DELETE FROM ${CONTACTS} WHERE team_uuid = $1 AND uuid = $2 RETURNING team_uuid, uuid, phone
  ),
  locked AS MATERIALIZED (
    SELECT m.uuid FROM ${LEDGER_SCHEMA}.messages m JOIN gone ON m.team_uuid = gone.team_uuid AND m."to" = gone.phone
    ORDER BY m.uuid FOR UPDATE OF m
  ),
  outbound AS (
    UPDATE ${LEDGER_SCHEMA}.messages m
    SET "to" = 'erased',
        request = jsonb_build_object('to', 'erased', 'from', m.request->'from', 'type', m.request->'type', 'content', '{}'::jsonb)
          || jsonb_strip_nulls(jsonb_build_object(
               'channel_uuid', m.request->'channel_uuid',
               'template_uuid', m.request->'template_uuid',
               'template_language', m.request->'template_language')),
        rendered_text = NULL,
        erased_at = now(),
        updated_at = now()
    FROM locked WHERE m.uuid = locked.uuid
    RETURNING 1
  ),
  inbound AS (
    UPDATE ${LEDGER_SCHEMA}.inbound_messages i
    SET phone = '', content = '{}'::jsonb, erased_at = now()
    FROM gone WHERE i.team_uuid = gone.team_uuid AND i.phone = gone.phone
    RETURNING 1
  )
  INSERT INTO ${LEDGER_SCHEMA}.contact_erasures (team_uuid, contact_uuid, requested_by, messages_erased)
  SELECT gone.team_uuid, gone.uuid, $3::text, ((SELECT count(*) FROM outbound) + (SELECT count(*) FROM inbound))::int FROM gone
  RETURNING messages_erased, erased_at, (SELECT phone FROM gone) AS phone`;
