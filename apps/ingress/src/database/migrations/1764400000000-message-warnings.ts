import { MigrationInterface, QueryRunner } from 'typeorm';

export class MessageWarnings1764400000000 implements MigrationInterface {
  name = 'MessageWarnings1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages ADD COLUMN warnings jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages DROP COLUMN warnings`);
  }
}
