import { MigrationInterface, QueryRunner } from 'typeorm';

export class ChannelLanguage1764600000000 implements MigrationInterface {
  name = 'ChannelLanguage1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE channels ADD COLUMN language text NOT NULL DEFAULT 'en_US'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE channels DROP COLUMN language`);
  }
}
