import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A message whose request was answered 503 because Kafka refused its event is withdrawn, not deleted: a refused
 * produce may still have reached the broker, and a row deleted after the ledger had already seen the event would
 * leave every later event about the message without a row. Withdrawn rows are hidden from the API until an event
 * shows the message is on its way after all.
 */
export class MessageWithdrawn1764800000000 implements MigrationInterface {
  name = 'MessageWithdrawn1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages ADD COLUMN withdrawn_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM messages WHERE withdrawn_at IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE messages DROP COLUMN withdrawn_at`);
  }
}
