import { MigrationInterface, QueryRunner } from 'typeorm';

export class ChannelHealth1764100000000 implements MigrationInterface {
  name = 'ChannelHealth1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE channels ADD COLUMN unhealthy_reason text, ADD COLUMN unhealthy_since timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE channels DROP COLUMN unhealthy_reason, DROP COLUMN unhealthy_since`);
  }
}
