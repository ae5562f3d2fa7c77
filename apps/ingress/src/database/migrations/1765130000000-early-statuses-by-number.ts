import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger bounds the statuses waiting for their rows per phone number id, and counts them on every batch that
 * sets one aside: a partial index holds only the waiting statuses, by number. Built concurrently, outside a
 * transaction, so that upgrading does not stop the ledger while it is built.
 */
export class EarlyStatusesByNumber1765130000000 implements MigrationInterface {
  name = 'EarlyStatusesByNumber1765130000000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    // An interrupted concurrent build leaves an invalid index behind: start again from none.
    await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS early_statuses_phone_number_id`);
    await queryRunner.query(
      `CREATE INDEX CONCURRENTLY early_statuses_phone_number_id ON early_events ((data->>'phoneNumberId')) WHERE kind = 'status'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS early_statuses_phone_number_id`);
  }
}
