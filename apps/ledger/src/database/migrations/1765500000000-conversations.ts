import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger becomes the record of conversations: the contacts (a team's customers, one per phone number, their uuid
 * derived from the team and the number), the customers' messages as WhatsApp gave them, and the audit trail of
 * erasures, which keeps that one happened and nothing of whom. A message's row remembers it was erased, so a
 * redelivered event of it never brings its contact back.
 */
export class Conversations1765500000000 implements MigrationInterface {
  name = 'Conversations1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE contacts (
        uuid char(32) PRIMARY KEY,
        seq bigserial UNIQUE,
        team_uuid uuid NOT NULL,
        phone text NOT NULL,
        name text,
        profile_name text,
        tags text[] NOT NULL DEFAULT '{}',
        custom_fields jsonb NOT NULL DEFAULT '{}',
        assigned_user text,
        note text,
        channel_uuid uuid,
        source text NOT NULL DEFAULT 'whatsapp',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (team_uuid, phone)
      )`);
    await queryRunner.query(`CREATE INDEX contacts_team_seq ON contacts (team_uuid, seq)`);
    await queryRunner.query(`
      CREATE TABLE inbound_messages (
        uuid char(32) PRIMARY KEY,
        team_uuid uuid NOT NULL,
        channel_uuid uuid NOT NULL,
        phone text NOT NULL,
        provider_message_id text NOT NULL,
        type text NOT NULL,
        content jsonb NOT NULL,
        sent_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        erased_at timestamptz,
        UNIQUE (channel_uuid, provider_message_id)
      )`);
    await queryRunner.query(`CREATE INDEX inbound_messages_team_phone_sent ON inbound_messages (team_uuid, phone, sent_at, uuid)`);
    await queryRunner.query(`CREATE INDEX inbound_messages_team_sent ON inbound_messages (team_uuid, sent_at, uuid)`);
    await queryRunner.query(`CREATE INDEX inbound_messages_media_id ON inbound_messages ((content->'media'->>'id')) WHERE content ? 'media'`);
    await queryRunner.query(`
      CREATE TABLE contact_erasures (
        id bigserial PRIMARY KEY,
        team_uuid uuid NOT NULL,
        contact_uuid char(32) NOT NULL,
        erased_at timestamptz NOT NULL DEFAULT now(),
        requested_by text NOT NULL,
        messages_erased int NOT NULL
      )`);
    await queryRunner.query(`ALTER TABLE messages ADD COLUMN erased_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages DROP COLUMN erased_at`);
    await queryRunner.query(`DROP TABLE contact_erasures`);
    await queryRunner.query(`DROP TABLE inbound_messages`);
    await queryRunner.query(`DROP TABLE contacts`);
  }
}
