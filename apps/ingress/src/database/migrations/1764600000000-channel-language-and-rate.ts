import { MigrationInterface, QueryRunner } from 'typeorm';

export class ChannelLanguageAndRate1764600000000 implements MigrationInterface {
  name = 'ChannelLanguageAndRate1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE channels
        ADD COLUMN language text NOT NULL DEFAULT 'en_US',
        ADD COLUMN messages_per_second int NOT NULL DEFAULT 80 CHECK (messages_per_second BETWEEN 1 AND 1000)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE channels DROP COLUMN language, DROP COLUMN messages_per_second`);
  }
}
