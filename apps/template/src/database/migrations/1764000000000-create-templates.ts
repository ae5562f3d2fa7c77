import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTemplates1764000000000 implements MigrationInterface {
  name = 'CreateTemplates1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE channels (
        uuid uuid PRIMARY KEY,
        team_uuid uuid NOT NULL,
        waba_id text NOT NULL,
        access_token text NOT NULL,
        active boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE templates (
        uuid char(32) PRIMARY KEY,
        waba_id text NOT NULL,
        provider_id text NOT NULL,
        name text NOT NULL,
        language text NOT NULL,
        category text NOT NULL,
        status text NOT NULL,
        components jsonb NOT NULL,
        synced_at timestamptz NOT NULL,
        UNIQUE (waba_id, name, language)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE templates`);
    await queryRunner.query(`DROP TABLE channels`);
  }
}
