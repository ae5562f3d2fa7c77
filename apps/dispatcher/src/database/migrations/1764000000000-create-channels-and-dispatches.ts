import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateChannelsAndDispatches1764000000000 implements MigrationInterface {
  name = 'CreateChannelsAndDispatches1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE channels (
        uuid uuid PRIMARY KEY,
        team_uuid uuid NOT NULL,
        phone_number_id text NOT NULL,
        access_token text NOT NULL,
        active boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE dispatches (
        message_uuid char(32) PRIMARY KEY,
        channel_uuid uuid NOT NULL,
        state text NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
        attempts int NOT NULL,
        provider_message_id text,
        failure jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX dispatches_provider_message_id ON dispatches (provider_message_id) WHERE provider_message_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE dispatches`);
    await queryRunner.query(`DROP TABLE channels`);
  }
}
