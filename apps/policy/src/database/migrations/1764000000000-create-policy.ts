import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePolicy1764000000000 implements MigrationInterface {
  name = 'CreatePolicy1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE channels (
        uuid uuid PRIMARY KEY,
        team_uuid uuid NOT NULL,
        phone_number_id text NOT NULL,
        waba_id text NOT NULL,
        integration text NOT NULL,
        active boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX channels_phone_number_id ON channels (phone_number_id)`);
    // Every message a customer sent: the 24-hour window at any moment is a question about this history.
    await queryRunner.query(`
      CREATE TABLE inbound_messages (
        provider_message_id text PRIMARY KEY,
        channel_uuid uuid NOT NULL,
        phone text NOT NULL,
        sent_at timestamptz NOT NULL,
        type text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX inbound_messages_contact ON inbound_messages (channel_uuid, phone, sent_at)`);
    // Opt-outs and opt-ins over time, so a decision asks what held when the message was accepted.
    await queryRunner.query(`
      CREATE TABLE consent_events (
        id bigserial PRIMARY KEY,
        channel_uuid uuid NOT NULL,
        phone text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('opt_out', 'opt_back_in', 'request_opt_in')),
        at timestamptz NOT NULL,
        source text NOT NULL,
        UNIQUE (channel_uuid, phone, kind, source)
      )`);
    await queryRunner.query(`CREATE INDEX consent_events_contact ON consent_events (channel_uuid, phone, at)`);
    await queryRunner.query(`
      CREATE TABLE decisions (
        message_uuid char(32) PRIMARY KEY,
        approved boolean NOT NULL,
        reason_code text,
        reason_message text,
        assignee text,
        warnings jsonb,
        decided_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE decisions`);
    await queryRunner.query(`DROP TABLE consent_events`);
    await queryRunner.query(`DROP TABLE inbound_messages`);
    await queryRunner.query(`DROP TABLE channels`);
  }
}
