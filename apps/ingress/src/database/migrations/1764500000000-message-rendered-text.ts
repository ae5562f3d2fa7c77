import { MigrationInterface, QueryRunner } from 'typeorm';

export class MessageRenderedText1764500000000 implements MigrationInterface {
  name = 'MessageRenderedText1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages ADD COLUMN rendered_text text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages DROP COLUMN rendered_text`);
  }
}
