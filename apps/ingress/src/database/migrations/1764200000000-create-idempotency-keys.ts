import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdempotencyKeys1764200000000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        team_uuid uuid NOT NULL,
        key text NOT NULL,
        request_hash char(64) NOT NULL,
        message_uuid char(32) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team_uuid, key)
      )`);
    await queryRunner.query(`CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)`);
    await queryRunner.query(`CREATE INDEX messages_team_status_created ON messages (team_uuid, status, created_at)`);
    await queryRunner.query(`CREATE INDEX messages_team_to_created ON messages (team_uuid, "to", created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX messages_team_to_created`);
    await queryRunner.query(`DROP INDEX messages_team_status_created`);
    await queryRunner.query(`DROP TABLE idempotency_keys`);
  }
}
