import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMembers1764300000000 implements MigrationInterface {
  name = 'CreateMembers1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE members (
        uuid uuid PRIMARY KEY,
        team_uuid uuid NOT NULL REFERENCES teams (uuid),
        email text NOT NULL CHECK (email = lower(email)),
        name text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (team_uuid, email)
      )`);
    // Audio, video and templates work only on the official WhatsApp Business API integration.
    await queryRunner.query(
      `ALTER TABLE channels ADD COLUMN integration text NOT NULL DEFAULT 'whatsapp_business_api'
         CHECK (integration IN ('whatsapp_business_api', 'whatsapp_app'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE channels DROP COLUMN integration`);
    await queryRunner.query(`DROP TABLE members`);
  }
}
