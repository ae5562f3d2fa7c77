import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLedgerAndAccounts1764000000000 implements MigrationInterface {
  name = 'CreateLedgerAndAccounts1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE teams (
        uuid uuid PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE api_keys (
        uuid uuid PRIMARY KEY,
        team_uuid uuid NOT NULL REFERENCES teams (uuid),
        name text NOT NULL,
        secret_hash char(64) NOT NULL UNIQUE,
        prefix text NOT NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE channels (
        uuid uuid PRIMARY KEY,
        team_uuid uuid NOT NULL REFERENCES teams (uuid),
        type text NOT NULL CHECK (type IN ('whatsapp')),
        name text NOT NULL,
        is_default boolean NOT NULL,
        phone_number_id text NOT NULL,
        waba_id text NOT NULL,
        access_token text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX channels_one_default_per_type ON channels (team_uuid, type) WHERE is_default`,
    );
    await queryRunner.query(`
      CREATE TABLE messages (
        uuid char(32) PRIMARY KEY,
        team_uuid uuid NOT NULL,
        channel_uuid uuid NOT NULL,
        "to" text NOT NULL,
        request jsonb NOT NULL,
        status text NOT NULL,
        status_history jsonb NOT NULL,
        provider_message_id text,
        failure jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX messages_team_created ON messages (team_uuid, created_at)`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX messages_provider_message_id ON messages (provider_message_id) WHERE provider_message_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE messages`);
    await queryRunner.query(`DROP TABLE channels`);
    await queryRunner.query(`DROP TABLE api_keys`);
    await queryRunner.query(`DROP TABLE teams`);
  }
}
